import { config } from "@/lib/config";
import type { ClientInfo } from "@/lib/events/types";

/**
 * The header in which the server stamps the TCP peer's address on every request
 * (see lib/http/server-hooks.ts). Anything a client sends under this name is overwritten.
 */
export const SOCKET_IP_HEADER = "x-accounts-socket-ip";

/**
 * The client's IP address. Proxy headers are believed only when TRUST_PROXY_HEADERS is on:
 * otherwise anyone could rotate X-Forwarded-For to escape rate limits and lockouts.
 */
export function clientIp(headers: Headers, trustProxyHeaders = config().trustProxyHeaders): string {
  if (trustProxyHeaders) {
    const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
    if (forwarded) return normalizeIp(forwarded);
    const real = headers.get("x-real-ip")?.trim();
    if (real) return normalizeIp(real);
  }
  const socket = headers.get(SOCKET_IP_HEADER)?.trim();
  return socket ? normalizeIp(socket) : "unknown";
}

/** "::ffff:127.0.0.1" and "127.0.0.1" are one client; bound the length of what we key on. */
function normalizeIp(ip: string): string {
  const plain = ip.startsWith("::ffff:") ? ip.slice(7) : ip;
  return plain.slice(0, 64);
}

/** The client as sessions and security events record it: its IP (as above) and its user agent. */
export function clientInfo(headers: Headers): ClientInfo {
  return { ip: clientIp(headers), userAgent: headers.get("user-agent") ?? "" };
}
