import { config } from "@/lib/config";
import { logger } from "@/lib/log";
import { createMemoryStore } from "./memory-store";
import type { RateLimitStore } from "./store";
import { createUpstashRedis, createUpstashStore, STORE_TIMEOUT_MS } from "./upstash-store";

/**
 * The store this process uses: Upstash (or any Upstash-REST endpoint, such as the bridge) when
 * UPSTASH_REDIS_REST_URL/_TOKEN are set, else the memory store, with a loud warning.
 */

// Next.js can evaluate this module more than once in one process (route handlers and server
// actions are bundled apart; dev reloads modules). The memory store must still be one, or each
// copy would count separately; so it is kept on globalThis, like a Prisma client.
const holder = globalThis as typeof globalThis & { __accountsRateLimitStore?: RateLimitStore };

export function getRateLimitStore(): RateLimitStore {
  if (holder.__accountsRateLimitStore) return holder.__accountsRateLimitStore;
  const upstash = config().upstash;
  let store: RateLimitStore;
  if (upstash) {
    store = createUpstashStore(createUpstashRedis(upstash.url, upstash.token));
  } else {
    store = createMemoryStore();
    const level = config().production ? "error" : "warn";
    logger[level](
      { rateLimitStore: "in-process" },
      "RATE LIMITS AND LOGIN LOCKOUT ARE KEPT IN THIS PROCESS ONLY. That is correct for a single " +
        "app instance; before running more than one, set UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN.",
    );
  }
  holder.__accountsRateLimitStore = store;
  return store;
}

/** Throws when the store cannot answer within STORE_TIMEOUT_MS (for /api/health). */
export async function pingRateLimiter(): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("rate-limit store did not answer in time")), STORE_TIMEOUT_MS);
  });
  try {
    await Promise.race([getRateLimitStore().ping(), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Forgets the store so the next use reads the configuration again. */
export function resetRateLimitStoreForTests(): void {
  holder.__accountsRateLimitStore?.close();
  holder.__accountsRateLimitStore = undefined;
}
