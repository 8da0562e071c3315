import http from "node:http";
import { problem, type Problem } from "@/lib/http/problem";
import { securityHeaders } from "@/lib/http/security-headers";

/**
 * /api requests that are answered at the edge (lib/http/edge.ts), before the API app sees them,
 * because no route could answer them well:
 * - a method no route can have (PROPFIND, PURGE, …; TRACE, which the web Request class refuses
 *   outright): 405 with the methods the API uses;
 * - a path that does not percent-decode (/api/admin/users/%zz, %FF, a lone surrogate's bytes):
 *   400, rather than an id no user can have;
 * - /api itself: 404 pointing to the OpenAPI document.
 */

/** The methods of our routes, and the two every path answers (HEAD as GET, OPTIONS with what it allows). */
const API_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
const ALLOW = [...API_METHODS].join(", ");

/** Whether a request target (path and query, as sent) is below /api. */
export const isApiPath = (target: string) => /^\/api(\/|\?|$)/.test(target);

function decodes(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/** The problem to answer this request with, or undefined to let it through. */
export function apiRequestProblem(method: string, url: string): Problem | undefined {
  if (!isApiPath(url)) return undefined;
  const path = url.split("?")[0];
  if (!API_METHODS.has(method)) return problem(405, { detail: `The API accepts ${ALLOW}.` });
  if (!decodes(path)) return problem(400, { detail: "The path is not valid percent-encoded UTF-8." });
  if (path === "/api" || path === "/api/")
    return problem(404, { detail: "No such endpoint. The API is described at /api/openapi.json." });
  return undefined;
}

function answer(req: http.IncomingMessage, res: http.ServerResponse, body: Problem): void {
  const text = JSON.stringify(body);
  const headers = Object.fromEntries(
    securityHeaders(process.env.NODE_ENV !== "production").map(({ key, value }) => [key, value]),
  );
  res.writeHead(body.status, {
    ...headers,
    "content-type": "application/problem+json",
    "cache-control": "no-store",
    ...(body.status === 405 ? { allow: ALLOW } : {}),
    "content-length": Buffer.byteLength(text),
  });
  res.end(req.method === "HEAD" ? undefined : text);
  req.resume(); // any body is read and dropped, so the connection stays usable
}

/** Answers `req` here when it is one of the requests above; true when it did. */
export function guardApiRequest(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  const refusal = apiRequestProblem(req.method ?? "", req.url ?? "");
  if (refusal) answer(req, res, refusal);
  return refusal !== undefined;
}
