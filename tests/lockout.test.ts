import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetConfigForTests } from "@/lib/config";
import { RateLimitedError, ServiceUnavailableError } from "@/lib/errors";
import { resetRateLimitForTests } from "@/lib/rate-limit";
import {
  createLoginLockout,
  recordLoginSuccess,
  reserveLoginAttempt,
  type LockoutSettings,
  type LoginLockout,
} from "@/lib/rate-limit/lockout";
import { STORES, startHangingServer, uniqueKey, unreachableUrl, upstashStore, type TestStore } from "./helpers/bridge";

const settings = (): LockoutSettings => ({
  maxFailures: 5,
  lockoutSeconds: 300,
  accountMaxFailuresPerHour: 12,
  prefix: uniqueKey("lockout-test"),
});

/** The order authenticate() follows: reserve first, verify, then record a success. */
async function login(
  lockout: LoginLockout,
  account: string,
  ip: string,
  passwordRight: boolean,
): Promise<"ok" | "wrong"> {
  await lockout.reserve(account, ip);
  if (!passwordRight) return "wrong";
  await lockout.recordSuccess(account, ip);
  return "ok";
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e,
  );

for (const { name, available, open } of STORES)
  describe.runIf(available)(`login lockout on the ${name} store`, () => {
    let opened: TestStore;
    let lockout: LoginLockout;
    beforeAll(async () => {
      opened = await open();
      lockout = createLoginLockout(opened.store, settings());
    });
    afterAll(() => opened.close());

    it("locks the (account, IP) pair after 5 failures, even for the right password", async () => {
      const account = uniqueKey("account");
      for (let i = 0; i < 5; i++) expect(await login(lockout, account, "10.0.0.1", false)).toBe("wrong");
      const locked = await refusal(login(lockout, account, "10.0.0.1", true));
      expect(locked).toBeInstanceOf(RateLimitedError);
      expect((locked as RateLimitedError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect((locked as RateLimitedError).retryAfterSeconds).toBeLessThanOrEqual(300);
      // The same account from another IP is not locked out by it.
      expect(await login(lockout, account, "10.0.0.2", true)).toBe("ok");
    });

    it("resets the pair's count on a success", async () => {
      const account = uniqueKey("account");
      for (let i = 0; i < 4; i++) await login(lockout, account, "10.0.1.1", false);
      expect(await login(lockout, account, "10.0.1.1", true)).toBe("ok");
      for (let i = 0; i < 4; i++) await login(lockout, account, "10.0.1.1", false);
      expect(await login(lockout, account, "10.0.1.1", true)).toBe("ok");
    });

    it("locks the account for every IP at the hourly ceiling, and successes do not count toward it", async () => {
      const account = uniqueKey("account");
      for (let i = 0; i < 11; i++) await login(lockout, account, `10.0.2.${i}`, false);
      for (let i = 0; i < 5; i++) expect(await login(lockout, account, "10.0.2.200", true)).toBe("ok");
      await login(lockout, account, "10.0.2.201", false);
      const locked = await refusal(login(lockout, account, "10.0.2.202", true));
      expect(locked).toBeInstanceOf(RateLimitedError);
      expect((locked as RateLimitedError).retryAfterSeconds).toBeLessThanOrEqual(3600);
      // Other accounts are untouched.
      expect(await login(lockout, uniqueKey("account"), "10.0.2.202", true)).toBe("ok");
    });

    it("lets at most 5 of 20 parallel attempts through to password verification", async () => {
      const account = uniqueKey("account");
      const results = await Promise.allSettled(Array.from({ length: 20 }, () => lockout.reserve(account, "10.0.3.1")));
      for (const r of results) if (r.status === "rejected") expect(r.reason).toBeInstanceOf(RateLimitedError);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
    });
  });

describe("login lockout when the store is down", () => {
  it("refuses with ServiceUnavailable when the store is unreachable, and never fails a verified login", async () => {
    const lockout = createLoginLockout(upstashStore(await unreachableUrl(), "token"), settings());
    const down = await refusal(lockout.reserve("account", "10.0.4.1"));
    expect(down).toBeInstanceOf(ServiceUnavailableError);
    expect((down as ServiceUnavailableError).part).toBe("rateLimiter");
    await lockout.recordSuccess("account", "10.0.4.1");
  });

  it("refuses with ServiceUnavailable when the store does not answer in time", async () => {
    const hanging = await startHangingServer();
    try {
      const lockout = createLoginLockout(upstashStore(hanging.url, "token", 100), settings());
      await expect(lockout.reserve("account", "10.0.4.2")).rejects.toBeInstanceOf(ServiceUnavailableError);
    } finally {
      await hanging.close();
    }
  });
});

describe("reserveLoginAttempt / recordLoginSuccess, configured from the environment", () => {
  const saved = { ...process.env };
  beforeAll(() => {
    process.env = { ...saved, LOGIN_MAX_FAILURES: "2", UPSTASH_REDIS_REST_URL: "", UPSTASH_REDIS_REST_TOKEN: "" };
    resetConfigForTests();
    resetRateLimitForTests();
  });
  afterAll(() => {
    process.env = saved;
    resetConfigForTests();
    resetRateLimitForTests();
  });

  it("follow LOGIN_MAX_FAILURES", async () => {
    const account = uniqueKey("account");
    await reserveLoginAttempt(account, "10.0.5.1");
    await recordLoginSuccess(account, "10.0.5.1");
    await reserveLoginAttempt(account, "10.0.5.1");
    await reserveLoginAttempt(account, "10.0.5.1");
    await expect(reserveLoginAttempt(account, "10.0.5.1")).rejects.toBeInstanceOf(RateLimitedError);
  });
});
