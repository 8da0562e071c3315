import { problem, problemResponse } from "@/lib/http/problem";

/** Any /api path no route matches: a problem+json 404, never Next's HTML page. */
function notFound(request: Request): Response {
  const { pathname } = new URL(request.url);
  return problemResponse(problem(404, { detail: `No API endpoint at ${pathname}.` }));
}

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
