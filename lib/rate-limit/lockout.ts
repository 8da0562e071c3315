import type { Redis } from "@upstash/redis";
import { config } from "@/lib/config";
import { RateLimitedError, ServiceUnavailableError } from "@/lib/errors";
import { logger } from "@/lib/log";
import { getRateLimitRedis } from "./store";
import { RECORD_SUCCESS_SCRIPT, RESERVE_SCRIPT } from "./lockout-scripts";

/**
 * Login lockout (CONTRACT §4), kept in the rate-limit store, never in the database.
 *
 * An attempt is counted when it is *reserved*, before its password is verified, by one Lua
 * script that checks and counts atomically: parallel wrong attempts cannot verify more than
 * `maxFailures` passwords. A failure therefore needs no second call; a success resets the pair
 * and gives back its reservation on the account-wide counter.
 *
 *   pair    (account, IP): `maxFailures` attempts without a success lock that pair for
 *           `lockoutSeconds` after the last one. Other IPs are unaffected.
 *   account (all IPs):     `accountMaxFailuresPerHour` failures lock the account for everyone,
 *           for an hour from the failure that reached the ceiling.
 *
 * `accountKey` must already be a hash (it lands in Redis keys and logs).
 */

export type LockoutSettings = {
  maxFailures: number;
  lockoutSeconds: number;
  accountMaxFailuresPerHour: number;
  /** Key namespace; tests use their own. */
  prefix?: string;
};

export type LoginLockout = {
  /** Throws RateLimitedError while locked, ServiceUnavailableError("rateLimiter") when the store is down. */
  reserve(accountKey: string, clientIp: string): Promise<void>;
  /** Never throws: a verified login is not refused because its bookkeeping failed. */
  recordSuccess(accountKey: string, clientIp: string): Promise<void>;
};

const ACCOUNT_WINDOW_MS = 3_600_000;
const LOCK_SCOPES = { 1: "pair", 2: "account" } as const;

export function createLoginLockout(redis: Redis, settings: LockoutSettings): LoginLockout {
  const reserveScript = redis.createScript<[granted: number, waitMs: number, scope: number]>(RESERVE_SCRIPT);
  const successScript = redis.createScript<number>(RECORD_SUCCESS_SCRIPT);
  const prefix = settings.prefix ?? "lockout";
  // The hash tag keeps both keys of an account in one cluster slot, as a multi-key script needs.
  const keys = (account: string, ip: string) => [`${prefix}:{${account}}:ip:${ip}`, `${prefix}:{${account}}:all`];

  return {
    async reserve(accountKey, clientIp) {
      let answer: [number, number, number];
      try {
        answer = await reserveScript.exec(keys(accountKey, clientIp), [
          String(settings.maxFailures),
          String(settings.lockoutSeconds * 1000),
          String(settings.accountMaxFailuresPerHour),
          String(ACCOUNT_WINDOW_MS),
        ]);
      } catch (err) {
        logger.error({ err }, "login lockout store unavailable");
        throw new ServiceUnavailableError("rateLimiter");
      }
      const [granted, waitMs, scope] = answer;
      if (granted === 1) return;
      const fallbackMs = scope === 2 ? ACCOUNT_WINDOW_MS : settings.lockoutSeconds * 1000;
      const retryAfter = Math.max(1, Math.ceil((waitMs > 0 ? waitMs : fallbackMs) / 1000));
      const lockScope = LOCK_SCOPES[scope === 2 ? 2 : 1];
      logger.warn({ ip: clientIp, account: accountKey, scope: lockScope, retryAfter }, "login locked out");
      throw new RateLimitedError(retryAfter, "Too many failed sign-in attempts. Try again later.");
    },

    async recordSuccess(accountKey, clientIp) {
      try {
        await successScript.exec(keys(accountKey, clientIp), []);
      } catch (err) {
        logger.error({ err }, "login lockout store unavailable: success not recorded");
      }
    },
  };
}

let defaultLockout: { redis: Redis; lockout: LoginLockout } | undefined;

function lockout(): LoginLockout {
  const redis = getRateLimitRedis();
  // Rebuilt when the store changes (tests reset it between configurations).
  if (defaultLockout?.redis !== redis) {
    const c = config();
    defaultLockout = {
      redis,
      lockout: createLoginLockout(redis, {
        maxFailures: c.loginMaxFailures,
        lockoutSeconds: c.loginLockoutSeconds,
        accountMaxFailuresPerHour: c.loginAccountMaxFailuresPerHour,
      }),
    };
  }
  return defaultLockout.lockout;
}

/** Checks the lockout and counts this attempt; call before verifying the password. */
export function reserveLoginAttempt(accountKey: string, clientIp: string): Promise<void> {
  return lockout().reserve(accountKey, clientIp);
}

/** Call after a successful login (only after a granted reservation). */
export function recordLoginSuccess(accountKey: string, clientIp: string): Promise<void> {
  return lockout().recordSuccess(accountKey, clientIp);
}
