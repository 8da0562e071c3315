import { Ratelimit } from "@upstash/ratelimit";
import { Redis } from "@upstash/redis";
import { RECORD_SUCCESS_SCRIPT, RESERVE_SCRIPT, UNLOCK_SCRIPT } from "./lockout-scripts";
import {
  lockoutAccountKeys,
  lockoutKeys,
  type LockoutCounters,
  type LockoutLimits,
  type RateLimitStore,
  type SlidingWindow,
  type WindowSpec,
} from "./store";

/**
 * The production store: Upstash (or any Upstash-REST endpoint) through @upstash/redis, shared by
 * every app instance. The sliding window is @upstash/ratelimit's; the lockout is two Lua scripts.
 * Each is one script run in Redis, so each check-and-count is atomic across instances.
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

export function createUpstashStore(redis: Redis): RateLimitStore {
  return {
    slidingWindow: (spec) => slidingWindow(redis, spec),
    lockoutCounters: (limits) => lockoutCounters(redis, limits),
    async ping() {
      const reply = await redis.ping();
      if (reply !== "PONG") throw new Error(`rate-limit store answered ${JSON.stringify(reply)} to PING`);
    },
    close: () => {},
  };
}

function slidingWindow(redis: Redis, spec: WindowSpec): SlidingWindow {
  const ratelimit = new Ratelimit({
    redis,
    limiter: Ratelimit.slidingWindow(spec.limit, `${spec.windowMs} ms`),
    prefix: spec.prefix,
    timeout: spec.timeoutMs ?? STORE_TIMEOUT_MS,
    analytics: false,
    enableTelemetry: false,
    ephemeralCache: new BoundedMap(REFUSAL_CACHE_SIZE),
  });
  return {
    async hit(identifier) {
      const result = await ratelimit.limit(identifier);
      // On timeout the library answers success: true. That is the store failing, not an allow.
      if (result.reason === "timeout") throw new Error("rate-limit store timed out");
      return result.success ? { allowed: true } : { allowed: false, retryAfterMs: result.reset - Date.now() };
    },
  };
}

/**
 * The library keeps, in this process, every identifier it refused until its window ends, so that
 * a refused client is answered without asking the store; an entry goes only when the same
 * identifier comes back. A client rotating addresses would grow that map without end: this one
 * keeps the latest entries only. Forgetting one costs a store request, never a wrong answer.
 */
export const REFUSAL_CACHE_SIZE = 10_000;

export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly maxSize: number) {
    super();
  }

  override set(key: K, value: V): this {
    if (!this.has(key) && this.size >= this.maxSize) this.delete(this.keys().next().value as K);
    return super.set(key, value);
  }
}

function lockoutCounters(redis: Redis, limits: LockoutLimits): LockoutCounters {
  const reserveScript = redis.createScript<[granted: number, waitMs: number, scope: number]>(RESERVE_SCRIPT);
  const successScript = redis.createScript<number>(RECORD_SUCCESS_SCRIPT);
  const unlockScript = redis.createScript<number>(UNLOCK_SCRIPT);
  return {
    async reserve(accountKey, clientIp) {
      const { pair, account, pairSet } = lockoutKeys(limits.prefix, accountKey, clientIp);
      const [granted, waitMs, scope] = await reserveScript.exec(
        [pair, account, pairSet],
        [
          String(limits.maxPairAttempts),
          String(limits.pairLockMs),
          String(limits.maxAccountFailures),
          String(limits.accountWindowMs),
        ],
      );
      if (granted === 1) return { granted: true };
      const onAccount = scope === 2;
      // PTTL answers -1 or -2 for a key without (or past) its expiry: then wait the full lock.
      const retryAfterMs = waitMs > 0 ? waitMs : onAccount ? limits.accountWindowMs : limits.pairLockMs;
      return { granted: false, retryAfterMs, scope: onAccount ? "account" : "pair" };
    },
    async recordSuccess(accountKey, clientIp) {
      const { pair, account } = lockoutKeys(limits.prefix, accountKey, clientIp);
      await successScript.exec([pair, account], []);
    },
    async unlock(accountKey) {
      const { pairSet, account } = lockoutAccountKeys(limits.prefix, accountKey);
      // Two steps: a script may only touch the keys it is given, and the pair keys are known
      // only once the set is read. An attempt counted in between came after the unlock was
      // asked for; its next attempt puts its pair key back into the set.
      const pairs = await redis.smembers(pairSet);
      return (await unlockScript.exec([pairSet, account, ...pairs], [])) > 0;
    },
  };
}
