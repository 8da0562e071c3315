import http from "node:http";
import { guardApiRequest } from "@/lib/http/api-request-guard";
import { apiDispatcher, type ApiRoute } from "@/lib/http/direct-api";
import { SOCKET_IP_HEADER } from "@/lib/http/client-ip";

/**
 * What must happen to every request of this process before Next sees it, in one patch of
 * http.Server's "request" event (installed once from lib/startup.ts, before the first request):
 * - the client IP: Next gives route handlers no access to the socket, and fills X-Forwarded-For
 *   only when the client did not send one, so a client could choose its own IP. Every request
 *   gets the TCP peer's address in a header of ours, overwriting whatever was sent;
 * - the /api guard (lib/http/api-request-guard.ts): requests Next would answer with a 500 or an
 *   empty 400 are answered here with problem+json;
 * - the /api routes given (the production server's, app/api/routes.ts) are served here, without
 *   Next's request pipeline (lib/http/direct-api.ts).
 */
export function installServerHooks(apiRoutes: ApiRoute[] = []): void {
  const marker = Symbol.for("accounts.serverHooks");
  const proto = http.Server.prototype as http.Server & { [key: symbol]: boolean };
  if (proto[marker]) return;
  proto[marker] = true;
  const serveApi = apiRoutes.length > 0 ? apiDispatcher(apiRoutes) : () => false;
  const emit = proto.emit;
  proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const [req, res] = args as [http.IncomingMessage, http.ServerResponse];
      req.headers[SOCKET_IP_HEADER] = req.socket?.remoteAddress ?? "";
      if (guardApiRequest(req, res) || serveApi(req, res)) return true;
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  } as typeof proto.emit;
}
