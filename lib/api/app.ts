import { Hono } from "hono";
import { compress } from "hono/compress";
import type { MiddlewareHandler } from "hono";
import { problem, problemResponse } from "@/lib/http/problem";
import { securityHeaders } from "@/lib/http/security-headers";
import type { ApiRoute } from "./define";
import { settleBody } from "./settle-body";
import { apiRoutes } from "./routes";
import { requestContext, requestIdOf, type ApiEnv } from "./request-context";
import { errorResponse, routeHandler } from "./run-route";

/**
 * The API app: every route of `routes` under its path, each path answering the methods it lacks
 * with a 405 (and OPTIONS with what it allows), and any other path below /api with a 404, all
 * problem+json. server.ts serves it for /api/*; so does app/api/[[...route]] under plain `next start`.
 */
export function buildApiApp(routes: ApiRoute[]): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use(withSecurityHeaders(), requestContext, compress({ threshold: 1024 }), settleBody);

  for (const [path, methods] of byPath(routes)) {
    const honoPath = path.replace(/\{(\w+)\}/g, ":$1");
    for (const route of methods) app.on(route.method.toUpperCase(), honoPath, routeHandler(route));
    const allow = methods.map((route) => route.method.toUpperCase()).join(", ");
    app.options(honoPath, () => new Response(null, { status: 204, headers: { allow } }));
    app.all(honoPath, () => problemResponse(problem(405, { detail: `This endpoint accepts ${allow}.` }), { allow }));
  }

  app.notFound((c) => problemResponse(problem(404, { detail: `No API endpoint at ${new URL(c.req.url).pathname}.` })));
  app.onError((error, c) => errorResponse(error, c.req.raw, requestIdOf(c)));
  return app;
}

/**
 * The routes grouped by path, in the order they must be tried: Hono runs the first handler
 * registered for a match, and "/users/export" must win over "/users/{id}". Segment by segment,
 * a fixed segment comes before a parameter.
 */
function byPath(routes: ApiRoute[]): Map<string, ApiRoute[]> {
  const groups = new Map<string, ApiRoute[]>();
  for (const route of routes) groups.set(route.path, [...(groups.get(route.path) ?? []), route]);
  return new Map([...groups].sort(([a], [b]) => precedence(a, b)));
}

function precedence(a: string, b: string): number {
  const [left, right] = [a.split("/"), b.split("/")];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const difference = Number(left[i].startsWith("{")) - Number(right[i].startsWith("{"));
    if (difference !== 0) return difference;
    // Otherwise by name, so that the order is total (a sort needs one).
    if (left[i] !== right[i]) return left[i] < right[i] ? -1 : 1;
  }
  return left.length - right.length;
}

/** The headers next.config.ts gives every page, on every API answer too. */
function withSecurityHeaders(): MiddlewareHandler<ApiEnv> {
  const headers = securityHeaders(process.env.NODE_ENV !== "production");
  return async (c, next) => {
    await next();
    for (const { key, value } of headers) c.res.headers.set(key, value);
  };
}

/** The app of every route in lib/api/routes. */
export const apiApp = buildApiApp(apiRoutes);
