import { ExpiringCounters, type Clock } from "./expiring-counters";
import {
  lockoutKeyBase,
  lockoutKeys,
  type LockoutCounters,
  type LockoutLimits,
  type RateLimitStore,
  type SlidingWindow,
  type WindowSpec,
} from "./store";

/**
 * The zero-configuration store: the same counting as the Upstash store, in this process's
 * memory. Correct for one app instance only (instances would each count on their own).
 *
 * Each operation reads and writes its counters in one synchronous stretch, with no await in
 * between, so concurrent requests are counted one after another, exactly, as Redis runs a script.
 */

export type MemoryStoreOptions = {
  /** Milliseconds since the epoch; tests pass their own clock. */
  now?: Clock;
  /** How often expired counters are dropped. */
  sweepIntervalMs?: number;
};

export type MemoryStore = RateLimitStore & {
  /** Counters held, expired ones not yet swept included. */
  readonly size: number;
  /** Drops expired counters now, as the store's timer does every `sweepIntervalMs`. */
  sweep(): void;
};

export function createMemoryStore(options: MemoryStoreOptions = {}): MemoryStore {
  const now = options.now ?? Date.now;
  const counters = new ExpiringCounters(now, options.sweepIntervalMs ?? 60_000);
  return {
    slidingWindow: (spec) => slidingWindow(counters, now, spec),
    lockoutCounters: (limits) => lockoutCounters(counters, limits),
    ping: async () => {},
    close: () => counters.close(),
    get size() {
      return counters.size;
    },
    sweep: () => counters.sweep(),
  };
}

/**
 * @upstash/ratelimit's slidingWindow (2.2.0), step for step: one counter per fixed window; a hit
 * is allowed while the current window's count plus the previous window's, weighted by how much of
 * it still overlaps the sliding window, stays under the limit. Refused hits are not counted.
 * As the library's in-process cache does, a refused identifier stays refused until the window
 * ends, which is what its Retry-After tells the client.
 */
function slidingWindow(counters: ExpiringCounters, now: Clock, { limit, windowMs, prefix }: WindowSpec): SlidingWindow {
  // Long enough for a window's counter to be the previous one for the whole next window.
  const counterTtlMs = windowMs * 2 + 1_000;
  return {
    async hit(identifier) {
      const at = now();
      const window = Math.floor(at / windowMs);
      const key = `${prefix}:${identifier}`;
      const resetAt = (window + 1) * windowMs;
      const blockedFor = counters.msLeft(`${key}:blocked`);
      if (blockedFor > 0) return { allowed: false, retryAfterMs: blockedFor };

      const current = counters.get(`${key}:${window}`);
      const previous = counters.get(`${key}:${window - 1}`);
      const weightedPrevious = Math.floor((1 - (at % windowMs) / windowMs) * previous);
      if (weightedPrevious + current >= limit) {
        counters.add(`${key}:blocked`, 1, resetAt - at);
        return { allowed: false, retryAfterMs: resetAt - at };
      }
      counters.add(`${key}:${window}`, 1, counterTtlMs);
      return { allowed: true };
    },
  };
}

/** lockout-scripts.ts's scripts, line for line (less the set of IPs, which the unlock needs only in Redis). */
function lockoutCounters(counters: ExpiringCounters, limits: LockoutLimits): LockoutCounters {
  return {
    async reserve(accountKey, clientIp) {
      const keys = lockoutKeys(limits.prefix, accountKey, clientIp);
      if (counters.get(keys.pair) >= limits.maxPairAttempts) {
        return { granted: false, retryAfterMs: counters.msLeft(keys.pair), scope: "pair" };
      }
      if (counters.get(keys.account) >= limits.maxAccountFailures) {
        return { granted: false, retryAfterMs: counters.msLeft(keys.account), scope: "account" };
      }
      // Counted before the password is checked; the lock runs from the latest counted attempt.
      counters.add(keys.pair, 1, limits.pairLockMs);
      counters.expireIn(keys.pair, limits.pairLockMs);
      const account = counters.add(keys.account, 1, limits.accountWindowMs);
      // A window starts with its first failure; reaching the ceiling locks for a full window.
      if (account === 1 || account >= limits.maxAccountFailures)
        counters.expireIn(keys.account, limits.accountWindowMs);
      return { granted: true };
    },

    async recordSuccess(accountKey, clientIp) {
      const keys = lockoutKeys(limits.prefix, accountKey, clientIp);
      counters.delete(keys.pair);
      if (counters.get(keys.account) > 0) counters.add(keys.account, -1, limits.accountWindowMs);
    },

    // The map itself knows every pair's key: no set of IPs is kept here.
    async unlock(accountKey) {
      return counters.deleteStartingWith(lockoutKeyBase(limits.prefix, accountKey)) > 0;
    },
  };
}
