import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { resetConfigForTests } from "@/lib/config";
import { RateLimitedError } from "@/lib/errors";
import { logger } from "@/lib/log";
import {
  createMemoryStore,
  createRateLimiter,
  getRateLimitStore,
  resetRateLimitForTests,
  type MemoryStore,
} from "@/lib/rate-limit";
import { createLoginLockout } from "@/lib/rate-limit/lockout";
import type { SlidingWindow } from "@/lib/rate-limit/store";

/**
 * The memory store on a clock of the test's own, so window boundaries, weights, Retry-After and
 * expiry are exact. (The behaviour it shares with the Upstash store, concurrency included, is in
 * rate-limit.test.ts and lockout.test.ts, run on both stores.)
 */

const WINDOW_MS = 60_000;
/** The start of some window: window number 1000. */
const WINDOW_START = 1_000 * WINDOW_MS;

let clock = WINDOW_START;
let store: MemoryStore;
beforeEach(() => {
  clock = WINDOW_START;
  store = createMemoryStore({ now: () => clock });
});
afterEach(() => store.close());

const window = (limit = 10): SlidingWindow => store.slidingWindow({ limit, windowMs: WINDOW_MS, prefix: "test" });

/** Hits `count` times; returns how many were allowed. */
async function allowed(w: SlidingWindow, count: number, identifier = "203.0.113.1"): Promise<number> {
  let n = 0;
  for (let i = 0; i < count; i++) if ((await w.hit(identifier)).allowed) n++;
  return n;
}

describe("memory store: sliding window", () => {
  it("allows the limit in a window, then refuses until the window ends", async () => {
    const w = window();
    clock = WINDOW_START + 15_000;
    expect(await allowed(w, 10)).toBe(10);
    expect(await w.hit("203.0.113.1")).toEqual({ allowed: false, retryAfterMs: 45_000 });
    // Another identifier has its own allowance.
    expect(await allowed(w, 10, "203.0.113.2")).toBe(10);
  });

  it("weights the previous window by how much of it the sliding window still covers", async () => {
    const w = window();
    clock = WINDOW_START + 50_000;
    expect(await allowed(w, 10)).toBe(10);
    // 30 % into the next window, 70 % of the previous window's 10 still count: 3 left.
    clock = WINDOW_START + WINDOW_MS + 18_000;
    expect(await allowed(w, 10)).toBe(3);
    // The weighted count rounds down, as @upstash/ratelimit's does: at 35 %, 6.5 count as 6.
    const other = "203.0.113.9";
    clock = WINDOW_START + 50_000;
    expect(await allowed(w, 10, other)).toBe(10);
    clock = WINDOW_START + WINDOW_MS + 21_000;
    expect(await allowed(w, 10, other)).toBe(4);
  });

  it("gives no double allowance across a window boundary", async () => {
    const w = window();
    clock = WINDOW_START + WINDOW_MS - 1;
    expect(await allowed(w, 10)).toBe(10);
    clock = WINDOW_START + WINDOW_MS;
    expect(await allowed(w, 10)).toBe(0);
    // Two windows on, the burst no longer counts.
    clock = WINDOW_START + 2 * WINDOW_MS;
    expect(await allowed(w, 10)).toBe(10);
  });

  it("does not count refused hits", async () => {
    const w = window();
    expect(await allowed(w, 25)).toBe(10);
    // The next window weighs only the 10 allowed hits: at 50 %, 5 of them.
    clock = WINDOW_START + WINDOW_MS + 30_000;
    expect(await allowed(w, 10)).toBe(5);
  });

  it("keeps a refused identifier refused until the window ends, as the Retry-After it was given says", async () => {
    const w = window();
    clock = WINDOW_START + 50_000;
    expect(await allowed(w, 10)).toBe(10);
    clock = WINDOW_START + WINDOW_MS + 6_000;
    expect(await allowed(w, 10)).toBe(1); // floor(0.9 × 10) = 9, so 1 left
    const refusal = await w.hit("203.0.113.1");
    expect(refusal).toEqual({ allowed: false, retryAfterMs: 54_000 });
    // 40 s later the weighted count alone would allow 7 more; the refusal holds to its reset.
    clock = WINDOW_START + WINDOW_MS + 46_000;
    expect(await w.hit("203.0.113.1")).toEqual({ allowed: false, retryAfterMs: 14_000 });
    clock = WINDOW_START + 2 * WINDOW_MS;
    expect(await allowed(w, 10)).toBe(9); // the previous window's 1 allowed hit, at full weight
  });

  it("rounds Retry-After up to whole seconds, and never below 1", async () => {
    const limiter = createRateLimiter(store, {
      name: "test",
      limit: 1,
      windowMs: WINDOW_MS,
      prefix: "limiter",
      onStoreDown: "allow",
    });
    clock = WINDOW_START + 14_500;
    await limiter.assert("198.51.100.1");
    const refusal = await limiter.assert("198.51.100.1").catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(RateLimitedError);
    expect((refusal as RateLimitedError).retryAfterSeconds).toBe(46);
    clock = WINDOW_START + WINDOW_MS - 1;
    expect(await limiter.assert("198.51.100.1").catch((e: RateLimitedError) => e.retryAfterSeconds)).toBe(1);
  });

  it("drops expired counters: on its timer, and when swept", async () => {
    const w = window();
    for (let i = 0; i < 50; i++) await w.hit(`192.0.2.${i}`);
    expect(store.size).toBe(50);
    // A counter must outlive the next window, where it is the previous one.
    clock = WINDOW_START + 2 * WINDOW_MS;
    store.sweep();
    expect(store.size).toBe(50);
    clock = WINDOW_START + 2 * WINDOW_MS + 1_000;
    store.sweep();
    expect(store.size).toBe(0);

    const timed = createMemoryStore({ now: () => clock, sweepIntervalMs: 10 });
    try {
      const tw = timed.slidingWindow({ limit: 1, windowMs: WINDOW_MS, prefix: "timed" });
      await tw.hit("192.0.2.1");
      await tw.hit("192.0.2.1"); // refused: a block that lasts until the window ends
      expect(timed.size).toBe(2);
      clock += 3 * WINDOW_MS;
      await expect.poll(() => timed.size).toBe(0);
    } finally {
      timed.close();
    }
  });
});

describe("memory store: login lockout", () => {
  const settings = { maxFailures: 5, lockoutSeconds: 300, accountMaxFailuresPerHour: 12 };
  const lockedFor = (promise: Promise<void>) =>
    promise.then(
      () => 0,
      (e: unknown) => (e instanceof RateLimitedError ? e.retryAfterSeconds : Promise.reject(e)),
    );

  it("locks the pair for LOGIN_LOCKOUT_SECONDS from its latest counted attempt, then lets it try again", async () => {
    const lockout = createLoginLockout(store, settings);
    for (let i = 0; i < 5; i++) {
      await lockout.reserve("account", "10.0.0.1");
      clock += 10_000;
    }
    // The fifth attempt was 10 s ago.
    expect(await lockedFor(lockout.reserve("account", "10.0.0.1"))).toBe(290);
    clock += 289_999;
    expect(await lockedFor(lockout.reserve("account", "10.0.0.1"))).toBe(1);
    clock += 1;
    expect(await lockedFor(lockout.reserve("account", "10.0.0.1"))).toBe(0);
  });

  it("locks the account for an hour from the failure that reached the ceiling", async () => {
    const lockout = createLoginLockout(store, settings);
    for (let i = 0; i < 12; i++) {
      await lockout.reserve("account", `10.0.1.${i}`);
      clock += 60_000;
    }
    // The twelfth failure was a minute ago: the account is locked for every IP for 59 minutes more.
    expect(await lockedFor(lockout.reserve("account", "10.0.1.200"))).toBe(3_540);
    expect(await lockedFor(lockout.reserve("other-account", "10.0.1.200"))).toBe(0);
    clock += 3_540_000;
    expect(await lockedFor(lockout.reserve("account", "10.0.1.200"))).toBe(0);
  });

  it("counts the account's failures in a window that starts at its first failure", async () => {
    const lockout = createLoginLockout(store, settings);
    await lockout.reserve("account", "10.0.2.1");
    clock += 59 * 60_000;
    for (let i = 0; i < 10; i++) await lockout.reserve("account", `10.0.2.${10 + i}`);
    // 11 failures; the window that began with the first ends a minute later, and its count with it.
    clock += 60_000;
    for (let i = 0; i < 12; i++) expect(await lockedFor(lockout.reserve("account", `10.0.3.${i}`))).toBe(0);
    // That was the new window's twelfth: the account is locked for an hour from it.
    expect(await lockedFor(lockout.reserve("account", "10.0.3.200"))).toBe(3_600);
  });

  it("starts a new account window at the first failure after successes took the count back to zero", async () => {
    const lockout = createLoginLockout(store, settings);
    await lockout.reserve("account", "10.0.5.1");
    await lockout.recordSuccess("account", "10.0.5.1");
    clock += 50 * 60_000;
    await lockout.reserve("account", "10.0.5.2");
    // Past the end of the window the success's attempt began: this failure's window still runs.
    clock += 11 * 60_000;
    for (let i = 0; i < 11; i++) expect(await lockedFor(lockout.reserve("account", `10.0.6.${i}`))).toBe(0);
    expect(await lockedFor(lockout.reserve("account", "10.0.6.200"))).toBe(3_600);
  });

  it("drops a lockout's counters once they expire", async () => {
    const lockout = createLoginLockout(store, settings);
    await lockout.reserve("account", "10.0.4.1");
    expect(store.size).toBe(2);
    clock += 300_000;
    store.sweep();
    expect(store.size).toBe(1); // the account's hourly counter
    clock += 3_300_000;
    store.sweep();
    expect(store.size).toBe(0);
  });
});

describe("the configured store, with no Upstash variables", () => {
  const saved = { ...process.env };
  beforeEach(() => {
    process.env = { ...saved, UPSTASH_REDIS_REST_URL: "", UPSTASH_REDIS_REST_TOKEN: "" };
    resetConfigForTests();
    resetRateLimitForTests();
  });
  afterAll(() => {
    process.env = saved;
    resetConfigForTests();
    resetRateLimitForTests();
  });

  it("is the memory store, and warns loudly once that it is this process's only", async () => {
    const warn = vi.spyOn(logger, "warn");
    try {
      const first = getRateLimitStore();
      expect(getRateLimitStore()).toBe(first);
      const warnings = warn.mock.calls.filter(([, message]) => /KEPT IN THIS PROCESS ONLY/.test(String(message)));
      expect(warnings).toHaveLength(1);
      expect(warnings[0][0]).toEqual({ rateLimitStore: "in-process" });
    } finally {
      warn.mockRestore();
    }
  });

  it("stays one per process when the module is loaded again (as Next does for each bundle)", async () => {
    const first = getRateLimitStore();
    vi.resetModules();
    const again = await import("@/lib/rate-limit");
    expect(again.getRateLimitStore).not.toBe(getRateLimitStore);
    expect(again.getRateLimitStore()).toBe(first);
  });
});
