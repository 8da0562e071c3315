import { Ratelimit, type Duration } from "@upstash/ratelimit";
import type { Redis } from "@upstash/redis";
import { RateLimitedError, ServiceUnavailableError } from "@/lib/errors";
import { logger } from "@/lib/log";
import { STORE_TIMEOUT_MS } from "./store";

/**
 * One sliding-window limit (@upstash/ratelimit) and what to do when its store fails.
 * The window is weighted across its two most recent buckets, so a burst straddling a window
 * boundary gets no double allowance; each check is one Lua script, so it holds exactly under
 * concurrency and across app instances sharing the store.
 */

/** When the store is down: keep serving (and log), or refuse with 503 rather than run unlimited. */
export type StoreDownAction = "allow" | "refuse";

export type LimiterSpec = {
  name: string;
  limit: number;
  window: Duration;
  /** Keys are `${prefix}:${clientIp}:${bucket}`; one prefix per policy keeps endpoints apart. */
  prefix: string;
  onStoreDown: StoreDownAction;
  timeoutMs?: number;
};

export type AssertOptions = { onStoreDown?: StoreDownAction };

export type RateLimiter = {
  /** Counts one request from `clientIp`; throws RateLimitedError when it is over the limit. */
  assert(clientIp: string, options?: AssertOptions): Promise<void>;
};

export function createRateLimiter(redis: Redis, spec: LimiterSpec): RateLimiter {
  const ratelimit = new Ratelimit({
    redis,
    limiter: Ratelimit.slidingWindow(spec.limit, spec.window),
    prefix: spec.prefix,
    timeout: spec.timeoutMs ?? STORE_TIMEOUT_MS,
    analytics: false,
    enableTelemetry: false,
  });

  function storeDown(action: StoreDownAction, err: unknown): void {
    logger.error({ err, policy: spec.name, onStoreDown: action }, "rate-limit store unavailable");
    if (action === "refuse") throw new ServiceUnavailableError("rateLimiter");
  }

  return {
    async assert(clientIp, options) {
      const onStoreDown = options?.onStoreDown ?? spec.onStoreDown;
      let result: Awaited<ReturnType<typeof ratelimit.limit>>;
      try {
        result = await ratelimit.limit(clientIp);
      } catch (err) {
        return storeDown(onStoreDown, err);
      }
      // On timeout the library answers success: true. That is the store failing, not an allow.
      if (result.reason === "timeout") return storeDown(onStoreDown, new Error("rate-limit store timed out"));
      if (result.success) return;
      logger.warn({ policy: spec.name, ip: clientIp }, "rate limit hit");
      throw new RateLimitedError(Math.max(1, Math.ceil((result.reset - Date.now()) / 1000)));
    },
  };
}
