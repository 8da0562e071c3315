import http from "node:http";
import { SOCKET_IP_HEADER } from "@/lib/http/client-ip";

/**
 * Next.js gives route handlers no access to the socket, and fills X-Forwarded-For only when the
 * client did not send one, so a client could choose its own IP. Here every incoming request of
 * this process gets the TCP peer's address in a header of ours, overwriting whatever was sent.
 * Installed once from instrumentation.ts, before the first request is served.
 */
export function installClientIpStamp(): void {
  const marker = Symbol.for("accounts.clientIpStamp");
  const proto = http.Server.prototype as http.Server & { [key: symbol]: boolean };
  if (proto[marker]) return;
  proto[marker] = true;
  const emit = proto.emit;
  proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const req = args[0] as http.IncomingMessage;
      req.headers[SOCKET_IP_HEADER] = req.socket?.remoteAddress ?? "";
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  } as typeof proto.emit;
}
