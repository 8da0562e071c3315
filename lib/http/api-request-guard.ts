import http from "node:http";
import { problem, type Problem } from "@/lib/http/problem";
import { securityHeaders } from "@/lib/http/security-headers";

/**
 * Requests to /api that Next answers itself, before any handler of ours runs, and wrongly for
 * CONTRACT §4 (problem+json, never a 500):
 * - a method no route can have (PROPFIND, PURGE, …): an empty 400; TRACE: a 500, since the
 *   Request class Next builds refuses that method;
 * - a path Next cannot percent-decode (/api/admin/users/%zz, %FF, a lone surrogate's bytes):
 *   a 500 from its parameter decoding.
 * - /api itself, which the catch-all app/api/[...path] cannot match: Next's HTML 404 page.
 * Those are answered here, before Next sees them: 405, 400 and 404 problem+json.
 */

/** The five our routes export (each answers the ones it lacks with a 405) and the two Next answers (HEAD, OPTIONS). */
const API_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
const ALLOW = [...API_METHODS].join(", ");

const isApiPath = (path: string) => path === "/api" || path.startsWith("/api/");

function decodes(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/** The problem to answer this request with, or undefined to let Next serve it. */
export function apiRequestProblem(method: string, url: string): Problem | undefined {
  const path = url.split("?")[0];
  if (!isApiPath(path)) return undefined;
  if (!API_METHODS.has(method)) return problem(405, { detail: `The API accepts ${ALLOW}.` });
  if (!decodes(path)) return problem(400, { detail: "The path is not valid percent-encoded UTF-8." });
  // app/api/[...path] answers unknown paths below /api, but a catch-all cannot match /api itself.
  if (path === "/api" || path === "/api/") return problem(404, { detail: "No such endpoint. The API is described at /api/openapi.json." });
  return undefined;
}

function answer(req: http.IncomingMessage, res: http.ServerResponse, body: Problem): void {
  const text = JSON.stringify(body);
  const headers = Object.fromEntries(securityHeaders(process.env.NODE_ENV !== "production").map(({ key, value }) => [key, value]));
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

/** Answers `req` here when Next would get it wrong (see above); true when it did. */
export function guardApiRequest(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  const refusal = apiRequestProblem(req.method ?? "", req.url ?? "");
  if (refusal) answer(req, res, refusal);
  return refusal !== undefined;
}
