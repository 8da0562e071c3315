import { apiApp } from "@/lib/api/app";

/**
 * Under plain `next start` (without server.ts) Next serves /api through this route, which hands
 * each request to the same API app. Slower, and Next gives route handlers no TCP peer address:
 * without TRUST_PROXY_HEADERS every client then shares one address for rate limits and lockout.
 */
const serve = (request: Request) => apiApp.fetch(request);

export { serve as GET, serve as POST, serve as PUT, serve as PATCH, serve as DELETE, serve as HEAD, serve as OPTIONS };
