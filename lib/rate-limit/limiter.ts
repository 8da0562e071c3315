import { RateLimitedError, ServiceUnavailableError } from "@/lib/errors";
import { logger } from "@/lib/log";
import type { RateLimitStore, WindowAnswer } from "./store";

/**
 * One sliding-window limit and what to do when its store fails. The window is weighted across
 * its two most recent fixed windows, so a burst straddling a window boundary gets no double
 * allowance; each check counts atomically in the store, so it holds exactly under concurrency
 * (and, on Upstash, across app instances).
 */

/** When the store is down: keep serving (and log), or refuse with 503 rather than run unlimited. */
export type StoreDownAction = "allow" | "refuse";

export type LimiterSpec = {
  name: string;
  limit: number;
  windowMs: number;
  /** One prefix per policy keeps endpoints apart in the store. */
  prefix: string;
  onStoreDown: StoreDownAction;
  timeoutMs?: number;
};

export type AssertOptions = { onStoreDown?: StoreDownAction };

export type RateLimiter = {
  /** Counts one request from `clientIp`; throws RateLimitedError when it is over the limit. */
  assert(clientIp: string, options?: AssertOptions): Promise<void>;
};

export function createRateLimiter(store: RateLimitStore, spec: LimiterSpec): RateLimiter {
  const window = store.slidingWindow({
    limit: spec.limit,
    windowMs: spec.windowMs,
    prefix: spec.prefix,
    timeoutMs: spec.timeoutMs,
  });

  function storeDown(action: StoreDownAction, err: unknown): void {
    logger.error({ err, policy: spec.name, onStoreDown: action }, "rate-limit store unavailable");
    if (action === "refuse") throw new ServiceUnavailableError("rateLimiter");
  }

  return {
    async assert(clientIp, options) {
      let answer: WindowAnswer;
      try {
        answer = await window.hit(clientIp);
      } catch (err) {
        return storeDown(options?.onStoreDown ?? spec.onStoreDown, err);
      }
      if (answer.allowed) return;
      logger.warn({ policy: spec.name, ip: clientIp }, "rate limit hit");
      throw new RateLimitedError(Math.max(1, Math.ceil(answer.retryAfterMs / 1000)));
    },
  };
}
