import { z } from "zod";
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from "zod-openapi";
import type { ApiRoute } from "./define";
import { addResponseExamples } from "./openapi-examples";

/** The OpenAPI 3.1 document of `routes`, from the same schemas that validate them. */
export function buildOpenApiDocument(routes: ApiRoute[]): object {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of routes) paths[route.path] = { ...paths[route.path], [route.method]: operation(route) };
  const document = createDocument({
    openapi: "3.1.0",
    info: {
      title: "Accounts API",
      version: "1.0.0",
      description:
        "Sign-up, sign-in, password recovery and staff administration. Every error is application/problem+json (RFC 9457).",
    },
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
    },
  });
  addResponseExamples(document, routes);
  return document;
}

function operation(route: ApiRoute): ZodOpenApiOperationObject {
  const body = route.documentedBody?.() ?? route.body;
  const parameters = {
    ...(route.query ? { query: route.query } : {}),
    ...(route.params ? { path: route.params } : {}),
  };
  return {
    summary: route.summary,
    tags: route.tags,
    ...(route.access === "public" ? {} : { security: [{ bearerAuth: [] }] }),
    ...(Object.keys(parameters).length > 0 ? { requestParams: parameters } : {}),
    ...(body ? { requestBody: { content: { "application/json": { schema: body } } } } : {}),
    responses: sortedByStatus({ ...problems(...impliedFailures(route)), ...route.responses }),
  };
}

/** The failures every route of its kind can answer, so that no route has to list them. */
function impliedFailures(route: ApiRoute): number[] {
  return [
    ...(route.access === "public" ? [] : [401]),
    ...(route.access === "staff" ? [403] : []),
    ...(route.query || route.body ? [400] : []),
    ...(route.body ? [413, 415] : []),
    ...(route.rateLimit ? [429] : []),
  ];
}

function sortedByStatus<T>(responses: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));
}

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

const DESCRIPTIONS: Record<number, string> = {
  400: "Invalid input; `errors` lists each field's messages",
  401: "Missing, malformed, expired or revoked token",
  403: "Not allowed: staff only, or the password given again is not right",
  404: "Not found",
  409: "A unique value is already taken; `errors` names the fields",
  413: "Body too large",
  415: "Body is not application/json",
  429: "Rate-limited or locked out; see the Retry-After header",
  503: "A dependency is down; the member named after it says which",
};

/** Problem responses for the given statuses, for a route's `responses`. */
export function problems(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      String(status),
      {
        description: DESCRIPTIONS[status] ?? "Error",
        content: { "application/problem+json": { schema: problemSchema } },
        ...(status === 429
          ? { headers: { "Retry-After": { schema: { type: "integer" as const }, description: "Seconds to wait" } } }
          : {}),
      },
    ]),
  );
}

/** A JSON response of `schema`, for a route's `responses`. */
export function json<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } };
}
