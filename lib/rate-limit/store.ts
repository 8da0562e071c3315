/**
 * What rate limits and login lockout need from their store. Two implementations: Upstash
 * (upstash-store.ts), shared by every app instance, and the memory store (memory-store.ts), for
 * one instance with zero configuration. A store only counts; what a count means (429, 503, what
 * is logged) is decided once, in limiter.ts and lockout.ts, for both.
 *
 * Both stores check and count in one indivisible step (a Lua script on Upstash, a synchronous
 * function in memory), so parallel requests can never all see the same count.
 */

export type RateLimitStore = {
  /** A sliding window of `limit` hits per `windowMs`, per identifier. */
  slidingWindow(spec: WindowSpec): SlidingWindow;
  lockoutCounters(limits: LockoutLimits): LockoutCounters;
  /** Resolves when the store answers; throws when it does not. */
  ping(): Promise<void>;
  close(): void;
};

export type WindowSpec = {
  limit: number;
  windowMs: number;
  /** Keys are `${prefix}:${identifier}:${window number}`; one prefix per policy keeps endpoints apart. */
  prefix: string;
  /** How long the store may take to answer before the hit counts as a failure of the store. */
  timeoutMs?: number;
};

/** A refusal says when the current window ends, as @upstash/ratelimit's `reset` does. */
export type WindowAnswer = { allowed: true } | { allowed: false; retryAfterMs: number };

export type SlidingWindow = {
  /** Counts one hit for `identifier` unless it is over the limit; throws when the store fails. */
  hit(identifier: string): Promise<WindowAnswer>;
};

export type LockoutLimits = {
  /** Attempts of one (account, IP) pair since its last success before the pair is locked. */
  maxPairAttempts: number;
  /** How long a locked pair stays locked after its latest counted attempt. */
  pairLockMs: number;
  /** Failures of one account from all IPs before the account is locked for everyone. */
  maxAccountFailures: number;
  /** The account counter's window, from its first failure; reaching the ceiling restarts it. */
  accountWindowMs: number;
  prefix: string;
};

export type Reservation = { granted: true } | { granted: false; retryAfterMs: number; scope: "pair" | "account" };

export type LockoutCounters = {
  /** Checks both locks and, when neither holds, counts the attempt on both counters at once. */
  reserve(accountKey: string, clientIp: string): Promise<Reservation>;
  /** Resets the pair and takes the attempt back off the account's failures. */
  recordSuccess(accountKey: string, clientIp: string): Promise<void>;
  /**
   * Clears every lock and count of the account: its pair counters for every IP, and its
   * account-wide counter. True when any of them had counted an attempt.
   */
  unlock(accountKey: string): Promise<boolean>;
};

/**
 * The keys of one account's lockout: the pair counter for `clientIp`, the account-wide counter,
 * and the set of the account's pair keys (so an unlock finds them all without scanning the
 * store). The hash tag keeps an account's keys in one Redis cluster slot, as a multi-key script
 * (and a multi-key DEL) needs.
 */
export function lockoutKeys(prefix: string, accountKey: string, clientIp: string) {
  return { pair: `${lockoutKeyBase(prefix, accountKey)}ip:${clientIp}`, ...lockoutAccountKeys(prefix, accountKey) };
}

/** The keys of one account's lockout that no IP is part of. */
export function lockoutAccountKeys(prefix: string, accountKey: string): { account: string; pairSet: string } {
  const base = lockoutKeyBase(prefix, accountKey);
  return { account: `${base}all`, pairSet: `${base}pairs` };
}

/** What every key of one account's lockout starts with. */
export const lockoutKeyBase = (prefix: string, accountKey: string) => `${prefix}:{${accountKey}}:`;
