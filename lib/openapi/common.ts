import { z } from "zod";
import "zod-openapi";

/** Schemas and response snippets that every path of the OpenAPI document shares. */

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    errors: z.record(z.string(), z.array(z.string())).optional(),
  })
  .catchall(z.unknown())
  .meta({ id: "Problem", description: "RFC 9457 problem details" });

const problemContent = { "application/problem+json": { schema: problemSchema } };

const DESCRIPTIONS: Record<number, string> = {
  400: "Invalid input; `errors` lists each field's messages",
  401: "Missing, malformed, expired or revoked token",
  403: "Staff only",
  404: "Not found",
  409: "A unique value is already taken; `errors` names the fields",
  413: "Body too large",
  415: "Body is not application/json",
  429: "Rate-limited or locked out; see the Retry-After header",
  503: "A dependency is down; the member named after it says which",
};

/** Problem responses for the given statuses, for a path's `responses`. */
export function problems(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      String(status),
      {
        description: DESCRIPTIONS[status] ?? "Error",
        content: problemContent,
        ...(status === 429
          ? { headers: { "Retry-After": { schema: { type: "integer" as const }, description: "Seconds to wait" } } }
          : {}),
      },
    ]),
  );
}

export function json<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } };
}

export const bearerAuth = [{ bearerAuth: [] }];
