import type { z } from "zod";
import { staffForBearer, type TokenUser } from "@/lib/accounts/token-user";
import { readJsonBody, readQuery } from "@/lib/http/read-input";
import { withApi, type ApiContext } from "@/lib/http/route";

type StaffContext<Body, Query, Params> = ApiContext<Body, Query, Params> & { staff: TokenUser };

/**
 * withApi for the staff API: the bearer token must name an active staff user (401 without a
 * good token, 403 for anyone else), checked before the query or body is even read, so callers
 * who may not use the endpoint learn nothing about its input. Responses are never cached.
 */
export function withStaff<Body = undefined, Query = undefined, Params = Record<string, string>>(
  options: { body?: z.ZodType<Body>; query?: z.ZodType<Query> },
  handler: (ctx: StaffContext<Body, Query, Params>) => Promise<Response>,
) {
  return withApi<undefined, undefined, Params>({}, async (ctx) => {
    const staff = await staffForBearer(ctx.request.headers.get("authorization"));
    const query = (options.query ? readQuery(ctx.request, options.query) : undefined) as Query;
    const body = (options.body ? await readJsonBody(ctx.request, options.body) : undefined) as Body;
    const response = await handler({ ...ctx, body, query, staff });
    response.headers.set("cache-control", "no-store");
    return response;
  });
}
