import {
  ConflictError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  ServiceUnavailableError,
  UnauthorizedError,
  ValidationError,
  type FieldErrors,
} from "@/lib/errors";

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
  return new Response(JSON.stringify(body), {
    status: body.status,
    headers: { "content-type": "application/problem+json", "cache-control": "no-store", ...headers },
  });
}

/** Maps a known failure to its problem response; returns undefined for anything unknown. */
export function problemForError(error: unknown): Response | undefined {
  if (!(error instanceof DomainError)) return undefined;
  if (error instanceof ValidationError) {
    return problemResponse(problem(400, { detail: error.message, errors: error.fieldErrors }));
  }
  if (error instanceof ConflictError) {
    return problemResponse(problem(409, { detail: error.message, errors: error.fieldErrors }));
  }
  if (error instanceof UnauthorizedError) {
    return problemResponse(problem(401, { detail: error.message }), { "www-authenticate": "Bearer" });
  }
  if (error instanceof ForbiddenError) return problemResponse(problem(403, { detail: error.message }));
  if (error instanceof NotFoundError) return problemResponse(problem(404, { detail: error.message }));
  if (error instanceof RateLimitedError) {
    const seconds = Math.max(1, Math.ceil(error.retryAfterSeconds));
    return problemResponse(problem(429, { detail: error.message, retryAfter: seconds }), {
      "retry-after": String(seconds),
    });
  }
  if (error instanceof ServiceUnavailableError) {
    return problemResponse(problem(503, { detail: error.message, [error.part]: "unavailable" }), {
      "retry-after": "5",
    });
  }
  return undefined;
}
