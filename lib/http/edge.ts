import type http from "node:http";
import { getRequestListener } from "@hono/node-server";
import { guardApiRequest, isApiPath } from "@/lib/http/api-request-guard";
import { SOCKET_IP_HEADER } from "@/lib/http/client-ip";
import { isNextAuthPath } from "@/lib/http/next-auth-paths";
import { problem, problemResponse } from "@/lib/http/problem";
import { logger } from "@/lib/log";

type NodeHandler = (req: http.IncomingMessage, res: http.ServerResponse) => unknown;
type FetchHandler = (request: Request) => Response | Promise<Response>;

/**
 * What server.ts does with every request, in order:
 * 1. stamps the TCP peer's address in a header of ours, overwriting whatever a client sent
 *    under that name (the client-IP rule reads it: lib/http/client-ip.ts);
 * 2. answers the /api requests no handler should see (lib/http/api-request-guard.ts);
 * 3. sends /api/* to the API app (`api`, a fetch handler: lib/api/app.ts), and everything else,
 *    pages, server actions and next-auth's routes (lib/http/next-auth-paths.ts), to Next (`next`).
 */
export function edgeListener(options: { api: FetchHandler; next: NodeHandler }): NodeHandler {
  const serveApi = getRequestListener(options.api, {
    // Next runs in this process and uses the global Request and Response: leave them alone.
    overrideGlobalObjects: false,
    // HTTP/1.0 clients may send no Host header.
    hostname: "localhost",
    errorHandler: unservable,
  });
  return (req, res) => {
    req.headers[SOCKET_IP_HEADER] = req.socket.remoteAddress ?? "";
    if (guardApiRequest(req, res)) return;
    const target = req.url ?? "/";
    if (isApiPath(target) && !isNextAuthPath(target)) return serveApi(req, res);
    return options.next(req, res);
  };
}

/** A request no URL can be made of (a Host header that is not a host), or a handler's crash. */
function unservable(error: unknown): Response {
  if (error instanceof Error && error.name === "RequestError") {
    return problemResponse(problem(400, { detail: "The request's URL or Host header is not valid." }));
  }
  logger.error({ err: error }, "unhandled error in the API app");
  return problemResponse(problem(500));
}
