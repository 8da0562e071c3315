import { config } from "@/lib/config";
import { getRateLimitStore, resetRateLimitStoreForTests } from "./configured-store";
import { createRateLimiter, type AssertOptions, type LimiterSpec, type RateLimiter } from "./limiter";
import type { RateLimitStore } from "./store";

/**
 * Named rate-limit policies, one per public endpoint: RATE_LIMIT_PER_MINUTE requests per client
 * IP per endpoint in a sliding minute. The steps that sign in refuse when the store is down (they
 * must never run unlimited); the others keep serving.
 */

export const POLICY_NAMES = [
  "register",
  "login",
  // The second step of a password sign-in, and the two steps of a passkey sign-in.
  "login-mfa",
  "passkey-options",
  "passkey-verify",
  "forgot-password",
  "reset-password",
  // A signed-in user's sends and checks of e-mail codes, and account changes that re-ask the password.
  "email-code",
  "account-change",
] as const;
export type PolicyName = (typeof POLICY_NAMES)[number];

const SIGN_IN_POLICIES = new Set<PolicyName>(["login", "login-mfa", "passkey-verify"]);

export function policySpec(name: PolicyName, limit = config().rateLimitPerMinute): LimiterSpec {
  return {
    name,
    limit,
    windowMs: 60_000,
    prefix: `rate-limit:${name}`,
    onStoreDown: SIGN_IN_POLICIES.has(name) ? "refuse" : "allow",
  };
}

let limiters: { store: RateLimitStore; byPolicy: Map<PolicyName, RateLimiter> } | undefined;

/**
 * Counts this request against `policy` for `clientIp`. Throws RateLimitedError (429 with
 * Retry-After) when over the limit, ServiceUnavailableError("rateLimiter") when the store is
 * down and the policy (or `options.onStoreDown`) says "refuse".
 */
export async function assertRateLimit(policy: PolicyName, clientIp: string, options?: AssertOptions): Promise<void> {
  const store = getRateLimitStore();
  if (limiters?.store !== store) limiters = { store, byPolicy: new Map() };
  let limiter = limiters.byPolicy.get(policy);
  if (!limiter) {
    limiter = createRateLimiter(store, policySpec(policy));
    limiters.byPolicy.set(policy, limiter);
  }
  await limiter.assert(clientIp, options);
}

/** Forgets the store and the policies so the next use reads the configuration again. */
export function resetRateLimitForTests(): void {
  limiters = undefined;
  resetRateLimitStoreForTests();
}

export { getRateLimitStore, pingRateLimiter } from "./configured-store";
export {
  createRateLimiter,
  type AssertOptions,
  type LimiterSpec,
  type RateLimiter,
  type StoreDownAction,
} from "./limiter";
export { createMemoryStore, type MemoryStore, type MemoryStoreOptions } from "./memory-store";
export type { RateLimitStore } from "./store";
export { createUpstashRedis, createUpstashStore, STORE_TIMEOUT_MS } from "./upstash-store";
