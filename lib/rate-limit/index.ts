import { config } from "@/lib/config";
import { createRateLimiter, type AssertOptions, type LimiterSpec, type RateLimiter } from "./limiter";
import { getRateLimitRedis, resetRateLimitStoreForTests } from "./store";

/**
 * Named rate-limit policies, one per public endpoint (CONTRACT §4): RATE_LIMIT_PER_MINUTE
 * requests per client IP per endpoint in a sliding minute. Login refuses when the store is down
 * (it must never run unlimited); the others keep serving.
 */

export const POLICY_NAMES = ["register", "login", "forgot-password", "reset-password"] as const;
export type PolicyName = (typeof POLICY_NAMES)[number];

export function policySpec(name: PolicyName, limit = config().rateLimitPerMinute): LimiterSpec {
  return {
    name,
    limit,
    window: "1 m",
    prefix: `rate-limit:${name}`,
    onStoreDown: name === "login" ? "refuse" : "allow",
  };
}

const limiters = new Map<PolicyName, RateLimiter>();

/**
 * Counts this request against `policy` for `clientIp`. Throws RateLimitedError (429 with
 * Retry-After) when over the limit, ServiceUnavailableError("rateLimiter") when the store is
 * down and the policy (or `options.onStoreDown`) says "refuse".
 */
export async function assertRateLimit(policy: PolicyName, clientIp: string, options?: AssertOptions): Promise<void> {
  let limiter = limiters.get(policy);
  if (!limiter) {
    limiter = createRateLimiter(getRateLimitRedis(), policySpec(policy));
    limiters.set(policy, limiter);
  }
  await limiter.assert(clientIp, options);
}

/** Forgets the store and the policies so the next use reads the configuration again. */
export function resetRateLimitForTests(): void {
  limiters.clear();
  resetRateLimitStoreForTests();
}

export { createRateLimiter, type AssertOptions, type LimiterSpec, type RateLimiter, type StoreDownAction } from "./limiter";
export { createUpstashRedis, getRateLimitRedis, pingRateLimiter, STORE_TIMEOUT_MS } from "./store";
