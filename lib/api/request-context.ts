import { randomUUID } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import { withRequestContext } from "@/lib/log";

/** What the API's middleware leaves on each request's context. */
export type ApiEnv = { Variables: { requestId: string } };

/**
 * Every API request gets an id: the client's X-Request-Id when it is a sane token, else a new
 * UUID. Every log line written while serving it carries the id, and so does the response.
 */
export const requestContext: MiddlewareHandler<ApiEnv> = async (c, next) => {
  const given = c.req.header("x-request-id");
  const requestId = given && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
  c.set("requestId", requestId);
  await withRequestContext(requestId, next);
  c.res.headers.set("x-request-id", requestId);
};

export const requestIdOf = (c: Context<ApiEnv>): string => c.get("requestId");
