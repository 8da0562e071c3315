import { z } from "zod";
import { applyBulkAction } from "@/lib/admin/bulk";
import { EXPORT_COLUMNS } from "@/lib/admin/export";
import { restoreUser, softDeleteUser } from "@/lib/admin/lifecycle";
import { getUser, searchUsers } from "@/lib/admin/search";
import { updateUser } from "@/lib/admin/update-user";
import { config } from "@/lib/config";
import { jsonResponse } from "@/lib/http/json-response";
import { userExportResponse } from "@/lib/http/user-export-response";
import { adminUserPatchSchema } from "@/lib/validation/admin-requests";
import { bulkActionSchema, userFilterSchema, userListQuerySchema } from "@/lib/validation/admin";
import { toUserJson, USER_ID_EXAMPLE, userJsonSchema } from "@/lib/validation/user";
import { defineRoute } from "../define";
import { json, problems } from "../openapi";

/** The staff API: a staff user's bearer token; 401 without a good one, 403 for anyone else. */

const userResponse = z.object({ user: userJsonSchema }).meta({ id: "UserResponse" });
const userPageSchema = z
  .object({
    items: z.array(userJsonSchema),
    total: z.number().int().meta({ description: "Exact, unless totalCapped or totalIsEstimate says otherwise" }),
    totalCapped: z
      .boolean()
      .meta({ description: "true: the exact count stopped here; more users match (shown as 10,000+)" }),
    totalIsEstimate: z.boolean().meta({
      description: "true: an estimate, to two significant digits (large listings are not counted on every request)",
    }),
    page: z.number().int(),
    pageSize: z.number().int(),
  })
  .meta({ id: "UserPage" });
const idParam = z.object({ id: z.string().meta({ description: "User id" }) });
const tags = ["admin"];

export const adminUserRoutes = [
  defineRoute({
    method: "get",
    path: "/api/admin/users",
    summary: "Search, filter, sort and page through users",
    tags,
    access: "staff",
    query: userListQuerySchema,
    responses: { "200": json(userPageSchema, "One page of users") },
    handler: async ({ query }) => {
      const { items, ...page } = await searchUsers(query);
      return jsonResponse({ items: items.map(toUserJson), ...page });
    },
  }),
  defineRoute({
    method: "get",
    path: "/api/admin/users/export",
    summary: "Every matching user as CSV, streamed (same filters and order as the listing)",
    tags,
    access: "staff",
    query: userFilterSchema,
    responses: {
      "200": {
        description: "CSV attachment",
        content: {
          "text/csv": {
            schema: z.string(),
            example: `${EXPORT_COLUMNS.join(",")}\r\n${USER_ID_EXAMPLE},ada_l,+14155552671,ada@example.com,true,false,false,2026-01-15T09:30:00.000Z,\r\n`,
          },
        },
      },
    },
    handler: async ({ query }) => userExportResponse(query),
  }),
  defineRoute({
    method: "post",
    path: "/api/admin/users/bulk",
    summary: "Activate, deactivate, delete or restore up to 1,000 users",
    tags,
    access: "staff",
    // The domain validates the body (1–1,000 ids, a known action), for the console's form too.
    body: z.looseObject({}),
    documentedBody: () => bulkActionSchema,
    responses: {
      "200": json(z.object({ updated: z.number().int().meta({ description: "Rows actually changed" }) }), "Done"),
    },
    handler: async ({ body, user }) => jsonResponse(await applyBulkAction(user, body)),
  }),
  defineRoute({
    method: "get",
    path: "/api/admin/users/{id}",
    summary: "One user (deleted ones too)",
    tags,
    access: "staff",
    params: idParam,
    responses: { "200": json(userResponse, "The user"), ...problems(404) },
    handler: async ({ params }) => jsonResponse({ user: toUserJson(await getUser(params.id)) }),
  }),
  defineRoute({
    method: "patch",
    path: "/api/admin/users/{id}",
    summary: "Change e-mail, phone number, active or staff; any other field is a 400",
    tags,
    access: "staff",
    params: idParam,
    // The domain validates the fields itself (strictly: unknown fields are a 400), for the console's form too.
    body: z.looseObject({}),
    documentedBody: () => adminUserPatchSchema(config().phoneDefaultRegion),
    responses: { "200": json(userResponse, "The changed user"), ...problems(404, 409) },
    handler: async ({ params, body, user }) =>
      jsonResponse({ user: toUserJson(await updateUser(user, params.id, body)) }),
  }),
  defineRoute({
    method: "delete",
    path: "/api/admin/users/{id}",
    summary: "Soft-delete (again on a deleted user: 204); revokes the user's tokens",
    tags,
    access: "staff",
    params: idParam,
    responses: { "204": { description: "Deleted" }, ...problems(404) },
    handler: async ({ params, user }) => {
      await softDeleteUser(user, params.id);
      return new Response(null, { status: 204 });
    },
  }),
  defineRoute({
    method: "post",
    path: "/api/admin/users/{id}/restore",
    summary: "Undo a soft delete",
    tags,
    access: "staff",
    params: idParam,
    responses: { "200": json(userResponse, "The restored user"), ...problems(404) },
    handler: async ({ params, user }) => jsonResponse({ user: toUserJson(await restoreUser(user, params.id)) }),
  }),
];
