import { randomBytes, randomUUID } from "node:crypto";
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Redis } from "@upstash/redis";
import { createMemoryStore, createUpstashRedis, createUpstashStore, type RateLimitStore } from "@/lib/rate-limit";
import { createBridgeRedis, startBridge, type BridgeRedis } from "@/tools/upstash-bridge/bridge";
import { freePort } from "./ports";

/**
 * Test stores. The Upstash store is the real @upstash/redis client, over HTTP, to the bridge in
 * front of the real Redis at REDIS_URL; without REDIS_URL (a fresh machine) the suites that need
 * it are skipped. Test files run in parallel against one Redis: they never flush it, and key
 * everything with `uniqueKey()`.
 */

export type TestBridge = {
  url: string;
  token: string;
  redis: BridgeRedis;
  close(): Promise<void>;
};

export const usingRealRedis = Boolean(process.env.REDIS_URL);

/** Why a suite that needs the bridge did not run. */
export const NEEDS_REDIS = "needs a Redis behind the Upstash bridge: set REDIS_URL (e.g. redis://127.0.0.1:6379)";

/** A title for a suite that runs only with REDIS_URL: when skipped, it says why. */
export const needsRedis = (title: string) => (usingRealRedis ? title : `${title} (skipped: ${NEEDS_REDIS})`);

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

/** The bridge in front of the Redis at REDIS_URL. */
export async function startTestBridge(): Promise<TestBridge> {
  if (!process.env.REDIS_URL) throw new Error(`startTestBridge ${NEEDS_REDIS}`);
  const redis = createBridgeRedis(process.env.REDIS_URL);
  const token = randomBytes(16).toString("hex");
  try {
    const bridge = await startBridge({ port: 0, host: "127.0.0.1", token, redis });
    return {
      url: bridge.url,
      token,
      redis,
      async close() {
        await bridge.close();
        redis.disconnect();
      },
    };
  } catch (error) {
    redis.disconnect();
    throw error;
  }
}

/** An @upstash/redis client as the app builds one, pointed at `url`. */
export function upstashClient(url: string, token: string, timeoutMs?: number): Redis {
  return createUpstashRedis(url, token, timeoutMs);
}

/** The app's Upstash store as it builds it, pointed at `url`. */
export function upstashStore(url: string, token: string, timeoutMs?: number): RateLimitStore {
  return createUpstashStore(upstashClient(url, token, timeoutMs));
}

export type TestStore = { store: RateLimitStore; close(): Promise<void> };
export type StoreUnderTest = { name: string; available: boolean; open(): Promise<TestStore> };

export const MEMORY_STORE: StoreUnderTest = {
  name: "memory",
  available: true,
  async open() {
    const store = createMemoryStore();
    return { store, close: async () => store.close() };
  },
};

export const UPSTASH_STORE: StoreUnderTest = {
  name: needsRedis("Upstash"),
  available: usingRealRedis,
  async open() {
    const bridge = await startTestBridge();
    return { store: upstashStore(bridge.url, bridge.token), close: bridge.close };
  },
};

/**
 * The two stores the app can run on; behaviour suites run against each (`describe.runIf(available)`):
 * the memory store, and the Upstash store over the bridge (with REDIS_URL only).
 */
export const STORES: StoreUnderTest[] = [MEMORY_STORE, UPSTASH_STORE];

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
