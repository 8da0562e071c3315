import { randomBytes, randomUUID } from "node:crypto";
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Redis } from "@upstash/redis";
import { createMemoryStore, createUpstashRedis, createUpstashStore, type RateLimitStore } from "@/lib/rate-limit";
import { createBridgeRedis, startBridge, type BridgeRedis } from "@/lib/upstash-rest/bridge";
import { createInProcessRedis } from "@/lib/upstash-rest/in-process";
import { freePort } from "./ports";

/**
 * Test stores. The bridge talks to the real Redis at REDIS_URL when it is set (CI, and machines
 * that have one), else to ioredis-mock, so the suites pass on a fresh machine too. Test files run
 * in parallel against one Redis: they never flush it, and key everything with `uniqueKey()`.
 */

export type TestBridge = {
  url: string;
  token: string;
  /** "redis" when backed by a real Redis, "memory" when by ioredis-mock. */
  backend: "redis" | "memory";
  redis: BridgeRedis;
  close(): Promise<void>;
};

export const usingRealRedis = Boolean(process.env.REDIS_URL);

const issued: string[] = [];

export function uniqueKey(label = "test"): string {
  const key = `${label}:${randomUUID()}`;
  issued.push(key);
  return key;
}

/** Every key uniqueKey() has given out in this test file, so a suite can delete what it wrote. */
export function issuedKeys(): string[] {
  return [...issued];
}

export async function startTestBridge(): Promise<TestBridge> {
  const redis = createBridgeRedis(process.env.REDIS_URL || "memory");
  const token = randomBytes(16).toString("hex");
  const bridge = await startBridge({ port: 0, host: "127.0.0.1", token, redis });
  return {
    url: bridge.url,
    token,
    backend: usingRealRedis ? "redis" : "memory",
    redis,
    async close() {
      await bridge.close();
      redis.disconnect();
    },
  };
}

/** An @upstash/redis client as the app builds one, pointed at `url`. */
export function upstashClient(url: string, token: string, timeoutMs?: number): Redis {
  return createUpstashRedis(url, token, timeoutMs);
}

/** The Upstash-REST endpoints the @upstash/redis client can talk to, for suites on raw commands. */
export type TestRedis = { name: string; redis: Redis; close(): Promise<void> };

export const REDIS_STORES: { name: string; open(): Promise<TestRedis> }[] = [
  {
    name: "in-process",
    async open() {
      const store = createInProcessRedis();
      return { name: "in-process", redis: store.redis, close: async () => store.close() };
    },
  },
  {
    name: "bridge",
    async open() {
      const bridge = await startTestBridge();
      return { name: `bridge (${bridge.backend})`, redis: upstashClient(bridge.url, bridge.token), close: bridge.close };
    },
  },
];

/** The app's Upstash store as it builds it, pointed at `url`. */
export function upstashStore(url: string, token: string, timeoutMs?: number): RateLimitStore {
  return createUpstashStore(upstashClient(url, token, timeoutMs));
}

export type TestStore = { store: RateLimitStore; close(): Promise<void> };

/**
 * The two stores the app can run on; behaviour suites run against each: the memory store, and
 * the Upstash store (the real client, over HTTP to the bridge).
 */
export const STORES: { name: string; available: boolean; open(): Promise<TestStore> }[] = [
  {
    name: "memory",
    available: true,
    async open() {
      const store = createMemoryStore();
      return { store, close: async () => store.close() };
    },
  },
  {
    name: "Upstash",
    available: true,
    async open() {
      const bridge = await startTestBridge();
      return { store: upstashStore(bridge.url, bridge.token), close: bridge.close };
    },
  },
];

/** A store URL where nothing listens any more: connections are refused. */
export async function unreachableUrl(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}`;
}

/** A store that accepts requests and never answers them. */
export async function startHangingServer(): Promise<{ url: string; close(): Promise<void> }> {
  // The handler never responds, so every request waits until the client gives up.
  const server = createServer(() => undefined).listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
}
