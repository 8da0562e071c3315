import { config } from "@/lib/config";
import { LockedOutError, ServiceUnavailableError } from "@/lib/errors";
import { logger } from "@/lib/log";
import { getRateLimitStore } from "./configured-store";
import type { RateLimitStore, Reservation } from "./store";

/**
 * Login lockout, kept in the rate-limit store, never in the database.
 *
 * An attempt is counted when it is *reserved*, before its password is verified, in one atomic
 * check-and-count: parallel wrong attempts cannot verify more than `maxFailures` passwords. A
 * failure therefore needs no second call; a success resets the pair and gives back its
 * reservation on the account-wide counter.
 *
 *   pair    (account, IP): `maxFailures` attempts without a success lock that pair for
 *           `lockoutSeconds` after the last one. Other IPs are unaffected.
 *   account (all IPs):     `accountMaxFailuresPerHour` failures lock the account for everyone,
 *           for an hour from the failure that reached the ceiling.
 *
 * `accountKey` must already be a hash (it lands in store keys and logs).
 */

export type LockoutSettings = {
  maxFailures: number;
  lockoutSeconds: number;
  accountMaxFailuresPerHour: number;
  /** Key namespace; tests use their own. */
  prefix?: string;
};

export type LoginLockout = {
  /** Throws LockedOutError (a RateLimitedError) while locked, ServiceUnavailableError("rateLimiter") when the store is down. */
  reserve(accountKey: string, clientIp: string): Promise<void>;
  /** Never throws: a verified login is not refused because its bookkeeping failed. */
  recordSuccess(accountKey: string, clientIp: string): Promise<void>;
  /**
   * Lifts every lock of the account, from every IP; true when any attempt was counted.
   * ServiceUnavailableError("rateLimiter") when the store is down.
   */
  unlock(accountKey: string): Promise<boolean>;
};

const ACCOUNT_WINDOW_MS = 3_600_000;

export function createLoginLockout(store: RateLimitStore, settings: LockoutSettings): LoginLockout {
  const counters = store.lockoutCounters({
    maxPairAttempts: settings.maxFailures,
    pairLockMs: settings.lockoutSeconds * 1000,
    maxAccountFailures: settings.accountMaxFailuresPerHour,
    accountWindowMs: ACCOUNT_WINDOW_MS,
    prefix: settings.prefix ?? "lockout",
  });

  return {
    async reserve(accountKey, clientIp) {
      let reservation: Reservation;
      try {
        reservation = await counters.reserve(accountKey, clientIp);
      } catch (err) {
        logger.error({ err }, "login lockout store unavailable");
        throw new ServiceUnavailableError("rateLimiter");
      }
      if (reservation.granted) return;
      const retryAfter = Math.max(1, Math.ceil(reservation.retryAfterMs / 1000));
      logger.warn({ ip: clientIp, account: accountKey, scope: reservation.scope, retryAfter }, "login locked out");
      throw new LockedOutError(retryAfter);
    },

    async recordSuccess(accountKey, clientIp) {
      try {
        await counters.recordSuccess(accountKey, clientIp);
      } catch (err) {
        logger.error({ err }, "login lockout store unavailable: success not recorded");
      }
    },

    async unlock(accountKey) {
      try {
        return await counters.unlock(accountKey);
      } catch (err) {
        logger.error({ err }, "login lockout store unavailable: account not unlocked");
        throw new ServiceUnavailableError("rateLimiter");
      }
    },
  };
}

let defaultLockout: { store: RateLimitStore; lockout: LoginLockout } | undefined;

function lockout(): LoginLockout {
  const store = getRateLimitStore();
  // Rebuilt when the store changes (tests reset it between configurations).
  if (defaultLockout?.store !== store) {
    const c = config();
    defaultLockout = {
      store,
      lockout: createLoginLockout(store, {
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

/** Clears every lockout of the account (all IPs, and the account-wide one). */
export function unlockAccount(accountKey: string): Promise<boolean> {
  return lockout().unlock(accountKey);
}
