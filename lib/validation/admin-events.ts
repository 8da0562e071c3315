import { z } from "zod";
import { decodeEventCursor } from "@/lib/admin/event-cursor";
import { EVENT_TYPES } from "@/lib/events/types";
import {
  blankToUndefined,
  dateParam,
  DEFAULT_PAGE_SIZE,
  intParam,
  MAX_PAGE_SIZE,
  NO_NUL,
} from "@/lib/validation/admin";

/** The staff listing of every security event: its filters, and page or cursor. */
export const eventListQuerySchema = z
  .object({
    type: z
      .preprocess(blankToUndefined, z.enum(EVENT_TYPES, { error: "Use one of the event types." }).optional())
      .meta({ description: "One event type" }),
    userId: z
      .preprocess(
        blankToUndefined,
        z
          .string()
          .trim()
          .max(64, "Use at most 64 characters.")
          .refine(...NO_NUL)
          .optional(),
      )
      .meta({ description: "The user the event is about" }),
    from: dateParam("from").meta({ description: "ISO date or date-time; at or after" }),
    to: dateParam("to").meta({ description: "ISO date (that whole UTC day included) or date-time" }),
    page: intParam(1, 10_000, 1),
    pageSize: intParam(1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE),
    cursor: z
      .preprocess(
        blankToUndefined,
        z
          .string()
          .max(200, "Use a cursor from a listing.")
          .transform((text, ctx) => {
            const cursor = decodeEventCursor(text);
            if (!cursor) ctx.addIssue({ code: "custom", message: "Use a cursor from a listing." });
            return cursor ?? z.NEVER;
          })
          .optional(),
      )
      .meta({
        description:
          "nextCursor or prevCursor of a listing: the page after (older) or before (newer) it, read by keyset; page is then ignored",
      }),
  })
  .meta({ id: "EventListQuery" });
export type EventListQuery = z.output<typeof eventListQuerySchema>;
