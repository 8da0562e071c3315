import { randomUUID } from "node:crypto";
import { z } from "zod";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";
import { ConflictError, NotFoundError, ServiceUnavailableError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { problem, problemForError, problemResponse } from "@/lib/http/problem";
import { InputError, readJsonBody, readQuery } from "@/lib/http/read-input";
import { fieldErrorsOf } from "@/lib/validation/issues";
import { logger, withRequestContext } from "@/lib/log";
import { assertRateLimit, type PolicyName } from "@/lib/rate-limit";

/**
 * The one wrapper for /api route handlers: request id and log context, input parsing with zod,
 * known failures → problem+json, anything else → an opaque 500 whose stack goes only to the log.
 */

export type ApiContext<Body, Query, Params> = {
  request: Request;
  body: Body;
  query: Query;
  params: Params;
  ip: string;
  requestId: string;
};

type Options<Body, Query> = {
  body?: z.ZodType<Body>;
  query?: z.ZodType<Query>;
  /** Counted first, before the body is read: every request counts, refused and malformed ones too. */
  rateLimit?: PolicyName;
};

type NextRouteContext<Params> = { params: Promise<Params> };

export function withApi<Body = undefined, Query = undefined, Params = Record<string, string>>(
  options: Options<Body, Query>,
  handler: (ctx: ApiContext<Body, Query, Params>) => Promise<Response>,
): (request: Request, context: NextRouteContext<Params>) => Promise<Response> {
  return (request, context) => {
    const requestId = requestIdOf(request);
    return withRequestContext(requestId, async () => {
      const response = await run(request, context, options, handler, requestId);
      response.headers.set("x-request-id", requestId);
      return response;
    });
  };
}

async function run<Body, Query, Params>(
  request: Request,
  context: NextRouteContext<Params>,
  options: Options<Body, Query>,
  handler: (ctx: ApiContext<Body, Query, Params>) => Promise<Response>,
  requestId: string,
): Promise<Response> {
  try {
    const ip = clientIp(request.headers);
    if (options.rateLimit) await assertRateLimit(options.rateLimit, ip);
    const query = (options.query ? readQuery(request, options.query) : undefined) as Query;
    const body = (options.body ? await readJsonBody(request, options.body) : undefined) as Body;
    const params = (await context?.params) ?? ({} as Params);
    return await handler({ request, body, query, params, ip, requestId });
  } catch (error) {
    return toResponse(error, request, requestId);
  }
}

export function toResponse(error: unknown, request: Request, requestId: string): Response {
  if (error instanceof InputError) return error.response;
  const known = problemForError(error) ?? problemForError(translateLibraryError(error));
  if (known) {
    if (known.status >= 500) logger.error({ err: error, path: new URL(request.url).pathname }, "dependency failure");
    return known;
  }
  if (error instanceof z.ZodError) {
    return problemResponse(problem(400, { detail: "The request has invalid fields.", errors: fieldErrorsOf(error) }));
  }
  logger.error({ err: error, method: request.method, path: new URL(request.url).pathname }, "unhandled error");
  return problemResponse(problem(500, { detail: `Reference: ${requestId}` }));
}

/** Prisma's own errors that mean the caller's fault, not ours; and the database being unreachable (503). */
function translateLibraryError(error: unknown): unknown {
  if (isDatabaseUnavailable(error)) return new ServiceUnavailableError("database");
  const code = (error as { code?: unknown } | null)?.code;
  const name = (error as { name?: unknown } | null)?.name;
  if (name !== "PrismaClientKnownRequestError") return error;
  if (code === "P2002") return new ConflictError({}, "A value is already taken.");
  if (code === "P2025") return new NotFoundError();
  return error;
}

function requestIdOf(request: Request): string {
  const given = request.headers.get("x-request-id");
  return given && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
}

const ALL_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof ALL_METHODS)[number];

/**
 * Handlers answering 405 problem+json for every method a route does not implement
 * (Next's own 405 has an empty body). Usage: `export const { POST, PUT, … } = otherMethods("GET")`.
 */
export function otherMethods(...allowed: Method[]): Record<Method, () => Response> {
  const allow = allowed.join(", ");
  const refuse = () =>
    problemResponse(problem(405, { detail: `This endpoint accepts ${allow}.` }), { allow });
  return Object.fromEntries(ALL_METHODS.map((m) => [m, refuse])) as Record<Method, () => Response>;
}
