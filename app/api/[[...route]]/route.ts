import { apiApp } from "@/lib/api/app";
import { isNextAuthPath } from "@/lib/http/next-auth-paths";

/**
 * Every /api request Next gets: next-auth's routes (which server.ts sends to Next) go to
 * next-auth, everything else to the API app. Under plain `next start` (without server.ts) the
 * whole API comes this way: slower, and Next gives route handlers no TCP peer address, so
 * without TRUST_PROXY_HEADERS every client then shares one address for rate limits and lockout.
 */
async function serve(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  if (isNextAuthPath(pathname) && (request.method === "GET" || request.method === "POST")) {
    // Loaded when first needed: the API app's requests never need next-auth.
    const { serveNextAuth } = await import("@/lib/session/next-auth-routes");
    return serveNextAuth(request);
  }
  return apiApp.fetch(request);
}

export { serve as GET, serve as POST, serve as PUT, serve as PATCH, serve as DELETE, serve as HEAD, serve as OPTIONS };
