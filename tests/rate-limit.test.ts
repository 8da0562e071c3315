import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { resetConfigForTests } from "@/lib/config";
import { RateLimitedError, ServiceUnavailableError } from "@/lib/errors";
import {
  assertRateLimit,
  createRateLimiter,
  pingRateLimiter,
  resetRateLimitForTests,
  type LimiterSpec,
  type RateLimiter,
} from "@/lib/rate-limit";
import { BoundedMap } from "@/lib/rate-limit/upstash-store";
import {
  STORES,
  needsRedis,
  startHangingServer,
  startTestBridge,
  uniqueKey,
  unreachableUrl,
  upstashStore,
  usingRealRedis,
  type TestStore,
} from "./helpers/bridge";

const spec = (overrides: Partial<LimiterSpec> = {}): LimiterSpec => ({
  name: "test",
  limit: 20,
  windowMs: 60_000,
  prefix: uniqueKey("rate-limit-test"),
  onStoreDown: "allow",
  ...overrides,
});

/** Fires `count` requests at once; returns how many were allowed (every refusal must be a 429). */
async function countAllowed(limiter: RateLimiter, ip: string, count: number): Promise<number> {
  const results = await Promise.allSettled(Array.from({ length: count }, () => limiter.assert(ip)));
  for (const r of results) if (r.status === "rejected") expect(r.reason).toBeInstanceOf(RateLimitedError);
  return results.filter((r) => r.status === "fulfilled").length;
}

for (const { name, available, open } of STORES)
  describe.runIf(available)(`rate limit on the ${name} store`, () => {
    let opened: TestStore;
    beforeAll(async () => {
      opened = await open();
    });
    afterAll(() => opened.close());

    it("allows 20 requests, then refuses with a Retry-After within the window", async () => {
      const limiter = createRateLimiter(opened.store, spec());
      for (let i = 0; i < 20; i++) await limiter.assert("203.0.113.7");
      const refusal = await limiter.assert("203.0.113.7").catch((e: unknown) => e);
      expect(refusal).toBeInstanceOf(RateLimitedError);
      const { retryAfterSeconds } = refusal as RateLimitedError;
      expect(retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(retryAfterSeconds).toBeLessThanOrEqual(60);
      // Another client, and the same client on another policy, have their own allowance.
      await limiter.assert("203.0.113.8");
      await createRateLimiter(opened.store, spec()).assert("203.0.113.7");
    });

    it("holds exactly under concurrency: 50 parallel requests, exactly 20 allowed", async () => {
      expect(await countAllowed(createRateLimiter(opened.store, spec()), "198.51.100.1", 50)).toBe(20);
    });

    it("gives no double allowance to a burst across a window boundary", async () => {
      const windowMs = 2_000;
      const limiter = createRateLimiter(opened.store, spec({ windowMs }));
      const nextWindow = () => sleep(windowMs - (Date.now() % windowMs) + 20);
      await nextWindow();
      expect(await countAllowed(limiter, "198.51.100.2", 25)).toBe(20);
      await nextWindow();
      // A fixed window would allow 20 more here; the sliding window still counts most of the last one.
      expect(await countAllowed(limiter, "198.51.100.2", 20)).toBeLessThan(20);
    });
  });

describe("when the rate-limit store is down", () => {
  it("keeps a public endpoint serving, and refuses login with 503, when the store is unreachable", async () => {
    const store = upstashStore(await unreachableUrl(), "token");
    await createRateLimiter(store, spec({ onStoreDown: "allow" })).assert("192.0.2.1");
    const refusal = await createRateLimiter(store, spec({ onStoreDown: "refuse" }))
      .assert("192.0.2.1")
      .catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(ServiceUnavailableError);
    expect((refusal as ServiceUnavailableError).part).toBe("rateLimiter");
  });

  it("treats the limiter's timeout answer as a store failure, not as an allow", async () => {
    const hanging = await startHangingServer();
    try {
      // The limiter gives up before the client does, so it answers success with reason "timeout".
      const store = upstashStore(hanging.url, "token", 10_000);
      const refusing = createRateLimiter(store, spec({ onStoreDown: "refuse", timeoutMs: 100 }));
      await expect(refusing.assert("192.0.2.2")).rejects.toBeInstanceOf(ServiceUnavailableError);
      await createRateLimiter(store, spec({ onStoreDown: "allow", timeoutMs: 100 })).assert("192.0.2.2");
    } finally {
      await hanging.close();
    }
  });

  it.runIf(usingRealRedis)(needsRedis("fails the same way when Redis behind the bridge goes away"), async () => {
    const bridge = await startTestBridge();
    try {
      const limiter = createRateLimiter(upstashStore(bridge.url, bridge.token), spec({ onStoreDown: "refuse" }));
      await limiter.assert("192.0.2.3");
      bridge.redis.disconnect();
      await expect(limiter.assert("192.0.2.3")).rejects.toBeInstanceOf(ServiceUnavailableError);
    } finally {
      await bridge.close();
    }
  });
});

describe("named policies, configured from the environment", () => {
  const saved = { ...process.env };
  const configure = (env: Record<string, string | undefined>) => {
    process.env = { ...saved, RATE_LIMIT_PER_MINUTE: "3", ...env };
    resetConfigForTests();
    resetRateLimitForTests();
  };
  afterEach(() => configure({}));
  afterAll(() => {
    process.env = saved;
    resetConfigForTests();
    resetRateLimitForTests();
  });

  async function expectPolicyLimit() {
    const ip = uniqueKey("ip");
    for (let i = 0; i < 3; i++) await assertRateLimit("register", ip);
    await expect(assertRateLimit("register", ip)).rejects.toBeInstanceOf(RateLimitedError);
    // Each endpoint has its own allowance.
    await assertRateLimit("forgot-password", ip);
    await pingRateLimiter();
  }

  it("work in process with no Upstash variables", async () => {
    configure({ UPSTASH_REDIS_REST_URL: undefined, UPSTASH_REDIS_REST_TOKEN: undefined });
    await expectPolicyLimit();
  });

  it.runIf(usingRealRedis)(needsRedis("work over Upstash REST (the bridge)"), async () => {
    const bridge = await startTestBridge();
    try {
      configure({ UPSTASH_REDIS_REST_URL: bridge.url, UPSTASH_REDIS_REST_TOKEN: bridge.token });
      await expectPolicyLimit();
    } finally {
      await bridge.close();
    }
  });

  it("refuse login but serve the others when the store is down, and the health ping says so", async () => {
    configure({ UPSTASH_REDIS_REST_URL: await unreachableUrl(), UPSTASH_REDIS_REST_TOKEN: "token" });
    await assertRateLimit("register", "192.0.2.9");
    await assertRateLimit("reset-password", "192.0.2.9");
    await expect(assertRateLimit("login", "192.0.2.9")).rejects.toBeInstanceOf(ServiceUnavailableError);
    await expect(assertRateLimit("register", "192.0.2.9", { onStoreDown: "refuse" })).rejects.toBeInstanceOf(
      ServiceUnavailableError,
    );
    await expect(pingRateLimiter()).rejects.toThrow();
  });
});

describe("the Upstash store's cache of refused clients", () => {
  it("holds at most its size: a new client pushes out the oldest, a known one pushes out none", () => {
    const cache = new BoundedMap<string, number>(3);
    for (const ip of ["a", "b", "c", "d"]) cache.set(ip, 1);
    expect([...cache.keys()]).toEqual(["b", "c", "d"]);
    cache.set("c", 2);
    expect([...cache.entries()]).toEqual([
      ["b", 1],
      ["c", 2],
      ["d", 1],
    ]);
  });
});
