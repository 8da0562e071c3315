import { Redis } from "@upstash/redis";
import { config } from "@/lib/config";
import { logger } from "@/lib/log";
import { createInProcessRedis } from "@/lib/upstash-rest/in-process";

/**
 * The store behind rate limits and login lockout: Upstash (or any Upstash-REST endpoint, such as
 * the bridge) when UPSTASH_REDIS_REST_URL/_TOKEN are set, else an in-process store.
 */

/** How long one store request may take before it counts as a failure of the store. */
export const STORE_TIMEOUT_MS = 1_000;

export function createUpstashRedis(url: string, token: string, timeoutMs = STORE_TIMEOUT_MS): Redis {
  return new Redis({
    url,
    token,
    // A function, not a fixed signal: each request gets its own deadline, and on abort the client
    // throws (a fixed, aborted signal would make it return the string "Aborted" as the result).
    signal: () => AbortSignal.timeout(timeoutMs),
    // One quick retry for a dropped connection; five with exponential backoff would outlast the deadline.
    retry: { retries: 1, backoff: () => 50 },
    enableTelemetry: false,
  });
}

type Store = { redis: Redis; close(): void };

// Next.js can evaluate this module more than once in one process (route handlers and server
// actions are bundled apart; dev reloads modules). The in-process store must still be one, or
// each copy would count separately; so it is kept on globalThis, like a Prisma client.
const holder = globalThis as typeof globalThis & { __accountsRateLimitStore?: Store };

export function getRateLimitRedis(): Redis {
  if (holder.__accountsRateLimitStore) return holder.__accountsRateLimitStore.redis;
  const upstash = config().upstash;
  let store: Store;
  if (upstash) {
    store = { redis: createUpstashRedis(upstash.url, upstash.token), close: () => {} };
  } else {
    store = createInProcessRedis();
    const level = config().production ? "error" : "warn";
    logger[level](
      { rateLimitStore: "in-process" },
      "RATE LIMITS AND LOGIN LOCKOUT ARE KEPT IN THIS PROCESS ONLY. That is correct for a single " +
        "app instance; before running more than one, set UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN.",
    );
  }
  holder.__accountsRateLimitStore = store;
  return store.redis;
}

/** Throws when the store cannot answer within STORE_TIMEOUT_MS (for /api/health). */
export async function pingRateLimiter(): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("rate-limit store did not answer in time")), STORE_TIMEOUT_MS);
  });
  try {
    const reply = await Promise.race([getRateLimitRedis().ping(), deadline]);
    if (reply !== "PONG") throw new Error(`rate-limit store answered ${JSON.stringify(reply)} to PING`);
  } finally {
    clearTimeout(timer);
  }
}

/** Forgets the store so the next use reads the configuration again. */
export function resetRateLimitStoreForTests(): void {
  holder.__accountsRateLimitStore?.close();
  holder.__accountsRateLimitStore = undefined;
}
