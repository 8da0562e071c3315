import {
  ConflictError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  SecondFactorRequiredError,
  ServiceUnavailableError,
  UnauthorizedError,
  ValidationError,
  type FieldErrors,
} from "@/lib/errors";
import { jsonResponse } from "@/lib/http/json-response";

/**
 * RFC 9457 problem details. Every /api failure leaves through `problemResponse`, so the shape,
 * the content type and the no-store header are the same everywhere.
 */

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldErrors;
  [extension: string]: unknown;
};

const TITLES: Record<number, [slug: string, title: string]> = {
  400: ["validation-error", "Your request is not valid."],
  401: ["unauthorized", "Authentication is required."],
  403: ["forbidden", "You are not allowed to do this."],
  404: ["not-found", "Not found."],
  405: ["method-not-allowed", "Method not allowed."],
  409: ["conflict", "A value is already taken."],
  413: ["payload-too-large", "The request body is too large."],
  415: ["unsupported-media-type", "Send the body as application/json."],
  429: ["rate-limited", "Too many requests."],
  500: ["internal-error", "Something went wrong on our side."],
  503: ["service-unavailable", "The service is temporarily unavailable."],
};

export function problem(status: number, fields: Partial<Problem> = {}): Problem {
  const [slug, title] = TITLES[status] ?? ["error", "Error"];
  return { type: `/problems/${slug}`, title, status, ...fields };
}

export function problemResponse(body: Problem, headers: Record<string, string> = {}): Response {
  return jsonResponse(
    body,
    { status: body.status, headers: { "cache-control": "no-store", ...headers } },
    "application/problem+json",
  );
}

/** The problem response for a known failure (see lib/known-failure.ts). */
export function problemForFailure(failure: DomainError): Response {
  if (failure instanceof ValidationError) {
    return problemResponse(problem(400, { detail: failure.message, errors: failure.fieldErrors }));
  }
  if (failure instanceof ConflictError) {
    return problemResponse(problem(409, { detail: failure.message, errors: failure.fieldErrors }));
  }
  if (failure instanceof UnauthorizedError) {
    return problemResponse(problem(401, { detail: failure.message }), { "www-authenticate": "Bearer" });
  }
  if (failure instanceof SecondFactorRequiredError) {
    return problemResponse(
      problem(403, {
        type: "/problems/second-factor-required",
        title: "Turn on two-factor authentication first.",
        detail: failure.message,
        enrol: "/account/security",
      }),
    );
  }
  if (failure instanceof ForbiddenError) return problemResponse(problem(403, { detail: failure.message }));
  if (failure instanceof NotFoundError) return problemResponse(problem(404, { detail: failure.message }));
  if (failure instanceof RateLimitedError) {
    const seconds = Math.max(1, Math.ceil(failure.retryAfterSeconds));
    return problemResponse(problem(429, { detail: failure.message, retryAfter: seconds }), {
      "retry-after": String(seconds),
    });
  }
  if (failure instanceof ServiceUnavailableError) {
    return problemResponse(problem(503, { detail: failure.message, [failure.part]: "unavailable" }), {
      "retry-after": "5",
    });
  }
  // A DomainError subclass added without a mapping here.
  return problemResponse(problem(500));
}
