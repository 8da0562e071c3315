import fc from "fast-check";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createMemoryStore, type MemoryStore, type RateLimitStore } from "@/lib/rate-limit";
import type { LockoutLimits, Reservation, WindowAnswer } from "@/lib/rate-limit/store";
import { UPSTASH_STORE, needsRedis, uniqueKey, type TestStore } from "./helpers/bridge";

/**
 * The memory store against the Upstash store (the real @upstash/ratelimit and Lua scripts, over
 * the bridge): random sequences of requests, the same answers from both, to the millisecond.
 * The clock is faked (Date only) so both see the same instants; @upstash/ratelimit takes its
 * time from Date.now() and Redis only stores the counters of each window it is told about.
 */

describe.runIf(UPSTASH_STORE.available)(needsRedis("the memory store answers as the Upstash store does"), () => {
  let opened: TestStore;
  let memory: MemoryStore;
  beforeAll(async () => {
    opened = await UPSTASH_STORE.open();
  });
  afterAll(() => opened.close());
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    memory = createMemoryStore({ now: () => Date.now() });
  });
  afterEach(() => {
    memory.close();
    vi.useRealTimers();
  });

  it("sliding window: the same allowances and Retry-After for any sequence of requests", async () => {
    const step = fc.record({
      advanceMs: fc.oneof(fc.integer({ min: 0, max: 2_000 }), fc.integer({ min: 0, max: 70_000 })),
      identifier: fc.constantFrom("198.51.100.1", "198.51.100.2"),
      hits: fc.integer({ min: 1, max: 8 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 59_999 }),
        fc.array(step, { minLength: 1, maxLength: 16 }),
        async (offset, steps) => {
          vi.setSystemTime(Date.UTC(2030, 0, 1) + offset);
          const spec = { limit: 10, windowMs: 60_000, prefix: uniqueKey("agree-window") };
          const run = async (store: RateLimitStore, start: number) => {
            vi.setSystemTime(start);
            const window = store.slidingWindow(spec);
            const answers: WindowAnswer[] = [];
            for (const { advanceMs, identifier, hits } of steps) {
              vi.setSystemTime(Date.now() + advanceMs);
              for (let i = 0; i < hits; i++) answers.push(await window.hit(identifier));
            }
            return answers;
          };
          const start = Date.now();
          expect(await run(memory, start)).toEqual(await run(opened.store, start));
        },
      ),
      { numRuns: 25 },
    );
  });

  it("lockout: the same grants and locks for any sequence of attempts and successes", async () => {
    const limits: Omit<LockoutLimits, "prefix"> = {
      maxPairAttempts: 3,
      pairLockMs: 300_000,
      maxAccountFailures: 5,
      accountWindowMs: 3_600_000,
    };
    const op = fc.record({
      kind: fc.constantFrom("reserve", "reserve", "reserve", "success", "unlock"),
      account: fc.constantFrom("a", "b"),
      ip: fc.constantFrom("10.0.0.1", "10.0.0.2", "10.0.0.3"),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 30 }), async (ops) => {
        const prefix = uniqueKey("agree-lockout");
        const run = async (store: RateLimitStore) => {
          const counters = store.lockoutCounters({ ...limits, prefix });
          const answers: Answer[] = [];
          for (const { kind, account, ip } of ops) {
            if (kind === "success") answers.push(await counters.recordSuccess(account, ip).then(() => "ok" as const));
            else if (kind === "unlock") answers.push(await counters.unlock(account));
            else answers.push(await counters.reserve(account, ip));
          }
          return answers;
        };
        const mine = await run(memory);
        const theirs = await run(opened.store);
        // Redis's clock is real: its PTTL may be a few milliseconds short of the memory store's.
        expect(mine.map(withoutWait)).toEqual(theirs.map(withoutWait));
        mine.forEach((answer, i) => {
          const other = theirs[i];
          if (isRefusal(answer) && isRefusal(other)) {
            expect(answer.retryAfterMs - other.retryAfterMs).toBeGreaterThanOrEqual(0);
            expect(answer.retryAfterMs - other.retryAfterMs).toBeLessThan(5_000);
          }
        });
      }),
      { numRuns: 25 },
    );
  });
});

type Answer = Reservation | "ok" | boolean;
const isRefusal = (answer: Answer): answer is Extract<Reservation, { granted: false }> =>
  typeof answer === "object" && !answer.granted;
const withoutWait = (answer: Answer) =>
  typeof answer !== "object" || answer.granted ? answer : { granted: false, scope: answer.scope };
