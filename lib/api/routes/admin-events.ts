import { z } from "zod";
import { listEvents } from "@/lib/admin/events";
import { jsonResponse } from "@/lib/http/json-response";
import { eventJsonSchema } from "@/lib/validation/account";
import { eventListQuerySchema } from "@/lib/validation/admin-events";
import { defineRoute } from "../define";
import { json } from "../openapi";

const cursor = (description: string) =>
  z.string().nullable().meta({ description, example: "WyJvIiwiMjAyNi0wMS0xNVQwOTozMDowMC4wMDBaIiwiMTA0MiJd" });

const eventPageSchema = z
  .object({
    items: z.array(eventJsonSchema),
    page: z.number().int(),
    pageSize: z.number().int(),
    nextCursor: cursor("The next, older page as `cursor`; null on the last page"),
    prevCursor: cursor("The page before, newer, as `cursor`; null on the first page"),
  })
  .meta({ id: "EventPage" });

export const adminEventRoutes = [
  defineRoute({
    method: "get",
    path: "/api/admin/events",
    summary: "Every security event, filtered by type, user and time, newest first",
    tags: ["admin"],
    access: "staff",
    query: eventListQuerySchema,
    responses: { "200": json(eventPageSchema, "One page of events") },
    handler: async ({ query }) => jsonResponse(await listEvents(query)),
  }),
];
