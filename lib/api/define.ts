import type { z } from "zod";
import type { ZodOpenApiResponsesObject } from "zod-openapi";
import type { SessionUser } from "@/lib/accounts/token-user";
import type { ClientInfo } from "@/lib/events/types";
import type { PolicyName } from "@/lib/rate-limit";

/**
 * One API route, written once: its method, path, input schemas, responses and handler. The router
 * (lib/api/app.ts), the OpenAPI document (lib/api/openapi.ts) and the tests all read these.
 */

export const METHODS = ["get", "post", "put", "patch", "delete"] as const;
export type Method = (typeof METHODS)[number];

/** Who may call: anyone, a signed-in user (bearer token), or a staff user. */
export type Access = "public" | "user" | "staff";

export type RouteContext<Body, Query, Params, A extends Access> = {
  request: Request;
  body: Body;
  query: Query;
  params: Params;
  ip: string;
  /** The client's IP and user agent, as sessions and security events record them. */
  client: ClientInfo;
  requestId: string;
} & (A extends "public" ? object : { user: SessionUser });

export type RouteSpec<Body, Query, Params, A extends Access> = {
  method: Method;
  /** As OpenAPI writes it: "/api/admin/users/{id}". */
  path: `/api/${string}`;
  summary: string;
  tags: string[];
  access: A;
  /** Counted first, before anything is read: every request counts, refused and malformed ones too. */
  rateLimit?: PolicyName;
  /** The JSON body, validated before the handler runs (400 with each field's errors). */
  body?: z.ZodType<Body>;
  /**
   * The schema the OpenAPI document shows when the domain validates the body itself, because its
   * answer combines what no schema can check (taken values beside invalid ones; a code checked
   * before the password rules). `body` is then a plain JSON object. A function: schemas built from
   * configuration are made when the document is.
   */
  documentedBody?: () => z.ZodType;
  /** Objects: one member per query parameter, one per path parameter. */
  query?: z.ZodType<Query, Record<string, unknown>>;
  params?: z.ZodType<Params, Record<string, unknown>>;
  /** The route's own answers; the failures its access, rate limit and input imply are added to the document. */
  responses: ZodOpenApiResponsesObject;
  // A method, so that a route with typed input still counts as an ApiRoute.
  handler(ctx: RouteContext<Body, Query, Params, A>): Promise<Response>;
};

/** A route as the router and the document see it, whatever its input types. */
export type ApiRoute = RouteSpec<unknown, unknown, unknown, Access>;

export function defineRoute<
  Body = undefined,
  Query = undefined,
  Params = Record<string, string>,
  A extends Access = "public",
>(spec: RouteSpec<Body, Query, Params, A>): ApiRoute {
  return spec as ApiRoute;
}
