import { z } from "zod";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { bearerAuth, json, problems } from "@/lib/openapi/common";
import { adminUserPatchSchema } from "@/lib/validation/admin-requests";
import { bulkActionSchema, userFilterSchema, userListQuerySchema } from "@/lib/validation/admin";
import { userJsonSchema } from "@/lib/validation/user";

const userResponse = z.object({ user: userJsonSchema }).meta({ id: "UserResponse" });
const userPageSchema = z
  .object({
    items: z.array(userJsonSchema),
    total: z.number().int().meta({ description: "Exact, unless totalCapped or totalIsEstimate says otherwise" }),
    totalCapped: z.boolean().meta({ description: "true: the exact count stopped here; more users match (shown as 10,000+)" }),
    totalIsEstimate: z.boolean().meta({ description: "true: an estimate, to two significant digits (large listings are not counted on every request)" }),
    page: z.number().int(),
    pageSize: z.number().int(),
  })
  .meta({ id: "UserPage" });
const idParam = z.object({ id: z.string().meta({ description: "User id" }) });

/** The staff API (CONTRACT §4): bearer token of a staff user; 401 without one, 403 for others. */
export function adminPaths(phoneRegion: string): ZodOpenApiPathsObject {
  const common = { tags: ["admin"], security: bearerAuth };
  return {
    "/api/admin/users": {
      get: {
        ...common,
        summary: "Search, filter, sort and page through users",
        requestParams: { query: userListQuerySchema },
        responses: { "200": json(userPageSchema, "One page of users"), ...problems(400, 401, 403) },
      },
    },
    "/api/admin/users/export": {
      get: {
        ...common,
        summary: "Every matching user as CSV, streamed (same filters and order as the listing)",
        requestParams: { query: userFilterSchema },
        responses: {
          "200": { description: "CSV attachment", content: { "text/csv": { schema: z.string() } } },
          ...problems(400, 401, 403),
        },
      },
    },
    "/api/admin/users/bulk": {
      post: {
        ...common,
        summary: "Activate, deactivate, delete or restore up to 1,000 users",
        requestBody: { content: { "application/json": { schema: bulkActionSchema } } },
        responses: {
          "200": json(z.object({ updated: z.number().int().meta({ description: "Rows actually changed" }) }), "Done"),
          ...problems(400, 401, 403, 415),
        },
      },
    },
    "/api/admin/users/{id}": {
      get: {
        ...common,
        summary: "One user (deleted ones too)",
        requestParams: { path: idParam },
        responses: { "200": json(userResponse, "The user"), ...problems(401, 403, 404) },
      },
      patch: {
        ...common,
        summary: "Change e-mail, phone number, active or staff; any other field is a 400",
        requestParams: { path: idParam },
        requestBody: { content: { "application/json": { schema: adminUserPatchSchema(phoneRegion) } } },
        responses: { "200": json(userResponse, "The changed user"), ...problems(400, 401, 403, 404, 409, 415) },
      },
      delete: {
        ...common,
        summary: "Soft-delete (again on a deleted user: 204); revokes the user's tokens",
        requestParams: { path: idParam },
        responses: { "204": { description: "Deleted" }, ...problems(401, 403, 404) },
      },
    },
    "/api/admin/users/{id}/restore": {
      post: {
        ...common,
        summary: "Undo a soft delete",
        requestParams: { path: idParam },
        responses: { "200": json(userResponse, "The restored user"), ...problems(401, 403, 404) },
      },
    },
  };
}
