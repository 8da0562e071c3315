import { z } from "zod";
import {
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  ServiceUnavailableError,
  UnauthorizedError,
} from "@/lib/errors";
import { problem, type Problem } from "@/lib/http/problem";
import { MAX_BODY_BYTES } from "@/lib/http/read-input";
import { fieldErrorsOf } from "@/lib/validation/issues";
import type { ApiRoute } from "./define";

/**
 * Examples for every response body of the document, so that a reader sees what each answer
 * looks like: success bodies from their schemas (a property's own `example` first), problem
 * bodies as the app writes them, a 400 from what the route's own input schema says about a bad
 * request.
 */

type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  example?: unknown;
  examples?: unknown[];
  format?: string;
  minimum?: number;
  minItems?: number;
};
type MediaType = { schema?: JsonSchema; example?: unknown; examples?: unknown };
type Response = { description?: string; content?: Record<string, MediaType> };
type Operation = { responses?: Record<string, Response> };
type Document = {
  paths?: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, JsonSchema> };
};

/** Adds an `example` to every response body of `document` that has none. */
export function addResponseExamples(built: object, routes: ApiRoute[]): void {
  const document = built as Document;
  const schemas = document.components?.schemas ?? {};
  for (const route of routes) {
    const responses = document.paths?.[route.path]?.[route.method]?.responses ?? {};
    for (const [status, response] of Object.entries(responses)) {
      for (const [mediaType, content] of Object.entries(response.content ?? {})) {
        if (content.example !== undefined || content.examples !== undefined) continue;
        content.example = mediaType.endsWith("problem+json")
          ? problemExample(Number(status), route, response.description)
          : exampleOf(content.schema ?? {}, schemas);
      }
    }
  }
}

const SAMPLE_TIME = "2026-01-15T09:30:00.000Z";

/** A value that `schema` accepts, from its examples, constants, defaults, formats and types. */
export function exampleOf(schema: JsonSchema, schemas: Record<string, JsonSchema>, seen: string[] = []): unknown {
  if (schema.$ref) {
    const name = schema.$ref.split("/").pop() ?? "";
    // A schema that contains itself: stop at the second visit.
    if (seen.includes(name)) return {};
    return exampleOf(schemas[name] ?? {}, schemas, [...seen, name]);
  }
  if (schema.example !== undefined) return schema.example;
  if (schema.examples?.length) return schema.examples[0];
  if (schema.const !== undefined) return schema.const;
  if (schema.default !== undefined) return schema.default;
  if (schema.enum?.length) return schema.enum[0];
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return exampleOf(variants.find((variant) => variant.type !== "null") ?? variants[0], schemas, seen);
  if (schema.allOf) {
    return Object.assign({}, ...schema.allOf.map((part) => exampleOf(part, schemas, seen)));
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  switch (type ?? (schema.properties ? "object" : undefined)) {
    case "object":
      return Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([key, property]) => [key, exampleOf(property, schemas, seen)]),
      );
    case "array":
      return schema.items ? [exampleOf(schema.items, schemas, seen)] : [];
    case "string":
      return stringOfFormat(schema.format);
    case "integer":
    case "number":
      // zod writes the safe-integer bounds as minimum: an example shows a count, so 1 or more.
      return Math.max(schema.minimum ?? 1, 1);
    case "boolean":
      return true;
    case "null":
      return null;
    default:
      return {};
  }
}

function stringOfFormat(format: string | undefined): string {
  if (format === "date-time") return SAMPLE_TIME;
  if (format === "date") return SAMPLE_TIME.slice(0, 10);
  if (format === "email") return "ada@example.com";
  if (format === "uri" || format === "url") return "https://example.com/";
  if (format === "uuid") return "3f0c2b6e-8d4a-4f1e-9b7a-2c5d8e1f4a6b";
  return "string";
}

/** The problem body the app sends for `status` on this route. */
function problemExample(status: number, route: ApiRoute, description: string | undefined): Problem {
  if (status === 400) return invalidInputExample(route);
  const fields: Partial<Problem> = { detail: DETAILS[status] ?? description ?? route.summary };
  // A public route's 401 is its own refusal (a wrong password, code or passkey), not a token's.
  if (status === 401 && route.access === "public") fields.detail = description ?? route.summary;
  if (status === 403 && route.access === "staff") fields.detail = "Staff only.";
  if (status === 429) fields.retryAfter = 30;
  // Rate-limited routes answer 503 when the limiter's store is down; the others, for the database.
  if (status === 503) fields[route.rateLimit ? "rateLimiter" : "database"] = "unavailable";
  return problem(status, fields);
}

const DETAILS: Record<number, string> = {
  401: new UnauthorizedError("The access token is invalid, expired or revoked.").message,
  403: new ForbiddenError().message,
  404: new NotFoundError().message,
  409: "A value is already taken.",
  413: `Keep the body under ${MAX_BODY_BYTES} bytes.`,
  415: "Send the body as JSON with Content-Type: application/json.",
  429: new RateLimitedError(30).message,
  503: new ServiceUnavailableError("database").message,
};

/**
 * The 400 the route's own schemas give for a bad request: an empty body, or else the first
 * query parameter that refuses a nonsense value.
 */
function invalidInputExample(route: ApiRoute): Problem {
  const body = route.documentedBody?.() ?? route.body;
  const bodyInputs = [{}, ...Object.keys(shapeOf(body)).map((key) => ({ [key]: {} }))];
  for (const input of body ? bodyInputs : []) {
    const parsed = body?.safeParse(input);
    if (parsed && !parsed.success) {
      return problem(400, { detail: "The request has invalid fields.", errors: fieldErrorsOf(parsed.error) });
    }
  }
  for (const key of Object.keys(shapeOf(route.query))) {
    const parsed = route.query?.safeParse({ [key]: "?" });
    if (parsed && !parsed.success) {
      return problem(400, {
        detail: "The query has invalid parameters.",
        errors: fieldErrorsOf(parsed.error, "query"),
      });
    }
  }
  return problem(400, { detail: "The request has invalid fields." });
}

function shapeOf(schema: z.ZodType | undefined): Record<string, unknown> {
  return schema instanceof z.ZodObject ? schema.shape : {};
}
