import type { Context } from "hono";
import { staffForBearer, userForBearer } from "@/lib/accounts/token-user";
import { ServiceUnavailableError } from "@/lib/errors";
import { clientInfo } from "@/lib/http/client-ip";
import { problem, problemForFailure, problemResponse } from "@/lib/http/problem";
import { InputError, readJsonBody, readQuery } from "@/lib/http/read-input";
import { knownFailure } from "@/lib/known-failure";
import { logger } from "@/lib/log";
import { assertRateLimitRecorded } from "@/lib/events/rate-limited";
import type { ApiRoute } from "./define";
import { requestIdOf, type ApiEnv } from "./request-context";

/**
 * A route's Hono handler. Order matters: the rate limit counts the request before anything is
 * read; the bearer token is checked before the query or body, so that callers who may not use
 * the endpoint learn nothing about its input; then the input is validated and the handler runs.
 * Known failures become problem+json; anything else an opaque 500 whose stack goes only to the log.
 */
export function routeHandler(route: ApiRoute) {
  return async (c: Context<ApiEnv>): Promise<Response> => {
    const request = c.req.raw;
    try {
      const client = clientInfo(request.headers);
      const ip = client.ip;
      if (route.rateLimit) await assertRateLimitRecorded(route.rateLimit, client);
      const user = await caller(route, request);
      const query = route.query ? readQuery(request, route.query) : undefined;
      const body = route.body ? await readJsonBody(request, route.body) : undefined;
      const params = route.params ? route.params.parse(c.req.param()) : c.req.param();
      const response = await route.handler({
        request,
        body,
        query,
        params,
        ip,
        client,
        requestId: requestIdOf(c),
        user,
      });
      // Answers about a signed-in caller are theirs alone.
      if (user) response.headers.set("cache-control", "no-store");
      return response;
    } catch (error) {
      return errorResponse(error, request, requestIdOf(c));
    }
  };
}

function caller(route: ApiRoute, request: Request) {
  const authorization = request.headers.get("authorization");
  if (route.access === "user") return userForBearer(authorization);
  if (route.access === "staff") return staffForBearer(authorization);
  return Promise.resolve(undefined);
}

export function errorResponse(error: unknown, request: Request, requestId: string): Response {
  if (error instanceof InputError) return error.response;
  const path = new URL(request.url).pathname;
  const failure = knownFailure(error);
  if (failure) {
    if (failure instanceof ServiceUnavailableError) logger.error({ err: error, path }, "dependency failure");
    return problemForFailure(failure);
  }
  logger.error({ err: error, method: request.method, path }, "unhandled error");
  return problemResponse(problem(500, { detail: `Reference: ${requestId}` }));
}
