import { createHash, timingSafeEqual } from "node:crypto";
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Redis from "ioredis";
import { createUpstashHandler } from "./handler";
import { ioredisRunner } from "./runner";

/**
 * An Upstash-REST endpoint in front of a plain Redis, so the real @upstash/redis and
 * @upstash/ratelimit clients run unchanged in dev and CI, and several app processes can share
 * one limit. Development and test tooling, like Upstash's own local proxy; the app never loads it.
 */

export type BridgeRedis = Redis;
export type Bridge = { url: string; close(): Promise<void> };
export type BridgeOptions = {
  port?: number;
  host?: string;
  token: string;
  redis: BridgeRedis;
  readyTimeoutMs?: number;
};

const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** ioredis set up to fail fast while Redis is down (no offline queue, one retry). */
export function createBridgeRedis(url: string): BridgeRedis {
  const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: true });
  // Outages surface as failed commands (503 from the bridge); unheard, each reconnect attempt
  // would also print "[ioredis] Unhandled error event".
  redis.on("error", () => undefined);
  return redis;
}

/** Resolves once Redis answers; rejects at its first connection error (or the timeout) so a missing Redis is obvious. */
async function waitUntilReady(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === "wait") void redis.connect().catch(() => undefined);
  if (redis.status === "ready") return;
  try {
    await once(redis, "ready", { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const reason = error instanceof Error && error.name !== "AbortError" ? error.message : "timed out";
    throw new Error(`Redis is not reachable (${reason}); start it, or point REDIS_URL at one`);
  }
}

const sha256 = (text: string) => createHash("sha256").update(text).digest();

function authorized(request: IncomingMessage, token: string): boolean {
  const header = request.headers.authorization ?? "";
  const given = header.startsWith("Bearer ") ? header.slice(7) : "";
  // Compare digests so the comparison takes the same time whatever the length or content.
  return timingSafeEqual(sha256(given), sha256(token));
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  response.end(text);
}

async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const { redis, token, host = "127.0.0.1", port = 0 } = options;
  await waitUntilReady(redis, options.readyTimeoutMs ?? 10_000);
  const handle = createUpstashHandler(ioredisRunner(redis));

  const server = createServer(async (request, response) => {
    try {
      if (!authorized(request, token)) return send(response, 401, { error: "Unauthorized" });
      if (request.method !== "POST") return send(response, 405, { error: "ERR only POST is supported" });
      const text = await readBody(request);
      if (text === undefined) return send(response, 413, { error: "ERR request body too large" });
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return send(response, 400, { error: "ERR request body is not valid JSON" });
      }
      const base64 = request.headers["upstash-encoding"]?.toString().toLowerCase() === "base64";
      const reply = await handle({ path: request.url ?? "/", body, base64 });
      send(response, reply.status, reply.body);
    } catch (error) {
      if (!response.headersSent) send(response, 500, { error: `ERR ${(error as Error).message}` });
    }
  });
  server.listen(port, host);
  await once(server, "listening");
  const address = server.address() as AddressInfo;

  return {
    url: `http://${host}:${address.port}`,
    async close() {
      const closed = once(server, "close");
      server.close();
      // Clients keep connections alive; drop them so close() does not wait for their timeout.
      server.closeAllConnections();
      await closed;
    },
  };
}
