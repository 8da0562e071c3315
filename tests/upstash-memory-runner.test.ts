import type { Redis } from "@upstash/redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryRunner } from "@/lib/upstash-rest/memory-runner";
import { REDIS_STORES, uniqueKey, usingRealRedis, type TestRedis } from "./helpers/bridge";

/**
 * The in-process store's engine (lib/upstash-rest/memory-runner.ts, lua-engine.ts). Each case's
 * expected value is Redis's documented answer; where a real Redis is at hand (REDIS_URL, as in
 * CI) the same case also runs on it through the bridge, which proves the expectation is Redis's.
 */

/** Redis's error code ("ERR", "NOSCRIPT"…) from the error @upstash/redis throws: "ERR …" or, over HTTP, "Command failed: ERR …". */
const errorCode = (error: unknown) => ({ error: /^(?:Command failed: )?([A-Z]+) /.exec((error as Error).message)?.[1] ?? (error as Error).message });

type Case = { name: string; expected: unknown; run(redis: Redis, key: string): Promise<unknown> };

const cases: Case[] = [
  {
    name: "SET, GET, EXISTS (duplicates count) and DEL",
    expected: ["OK", 1, 2, 1, null], // the client reads "1" as JSON
    run: async (r, k) => [await r.set(k, "1"), await r.get<string>(k), await r.exists(k, k, `${k}:none`), await r.del(k, k), await r.get(k)],
  },
  {
    name: "counters, and INCR on text",
    expected: [1, 6, 5, 3, "OK", { error: "ERR" }],
    run: async (r, k) => [
      await r.incr(k), await r.incrby(k, 5), await r.decr(k), await r.decrby(k, 2), await r.set(k, "text"),
      await r.incr(k).catch(errorCode),
    ],
  },
  {
    name: "SET with NX, XX and GET",
    expected: [null, "OK", null, "a", "b"],
    run: async (r, k) => [
      await r.set(k, "x", { xx: true }), await r.set(k, "a", { nx: true }), await r.set(k, "z", { nx: true }),
      await r.set(k, "b", { get: true }), await r.get(k),
    ],
  },
  {
    name: "expiry: PTTL, TTL, PEXPIRE on a missing key, a negative EXPIRE deletes",
    expected: [true, 60, -1, -2, 0, 1, null],
    run: async (r, k) => {
      await r.set(k, "v", { px: 60_000 });
      const pttl = await r.pttl(k);
      const ttl = await r.ttl(k);
      await r.set(`${k}:plain`, "v");
      return [pttl > 59_000 && pttl <= 60_000, ttl, await r.pttl(`${k}:plain`), await r.pttl(`${k}:none`),
        await r.pexpire(`${k}:none`, 10), await r.expire(k, -1), await r.get(k)];
    },
  },
  {
    name: "Lua values: numbers truncate, false is nil, an array ends at its first nil",
    expected: [1, 2, -2, null, "a", [2]],
    run: (r) => r.eval("return {1, 2.7, -2.7, false, 'a', {2, nil, 3}}", [], []),
  },
  {
    name: "KEYS, ARGV and unicode text",
    expected: [1, 2, "héllo 🌍"],
    run: (r, k) => r.eval("return {#KEYS, #ARGV, ARGV[2]}", [k], ["a", "héllo 🌍"]),
  },
  {
    name: "redis.call: nil is false, an integral number is sent as an integer",
    expected: [1, 2],
    run: (r, k) => r.eval("return {redis.call('GET', KEYS[1]) == false and 1 or 0, redis.call('INCRBY', KEYS[1], 4 / 2)}", [k], []),
  },
  {
    name: "redis.call raises Redis's error; redis.pcall returns it",
    expected: [{ error: "ERR" }, 1],
    run: async (r, k) => {
      await r.set(k, "text");
      return [
        await r.eval("return redis.call('INCR', KEYS[1])", [k], []).catch(errorCode),
        await r.eval("local reply = redis.pcall('INCR', KEYS[1]); return reply.err and 1 or 0", [k], []),
      ];
    },
  },
  {
    name: "status and error replies from a script",
    expected: ["FINE", { error: "MYERR" }],
    run: async (r) => [
      await r.eval("return redis.status_reply('FINE')", [], []),
      await r.eval("return redis.error_reply('MYERR it went wrong')", [], []).catch(errorCode),
    ],
  },
  {
    name: "Redis's Lua 5.1 globals: unpack",
    expected: [1, 2],
    run: (r) => r.eval("return {unpack({1, 2})}", [], []),
  },
  {
    name: "SCRIPT LOAD, then EVALSHA; an unknown SHA is NOSCRIPT",
    expected: ["k", { error: "NOSCRIPT" }],
    run: async (r) => {
      const sha = await r.scriptLoad("return 'k'");
      return [await r.evalsha(sha, [], []), await r.evalsha("0".repeat(40), [], []).catch(errorCode)];
    },
  },
  {
    name: "a script may not run scripts",
    expected: { error: "ERR" },
    run: (r) => r.eval("return redis.call('EVAL', 'return 1', '0')", [], []).catch(errorCode),
  },
];

describe("the in-process store answers as Redis does", () => {
  const [inProcess, bridge] = REDIS_STORES;
  let mine: TestRedis;
  let reference: TestRedis | undefined;
  beforeAll(async () => {
    mine = await inProcess.open();
    if (usingRealRedis) reference = await bridge.open();
  });
  afterAll(async () => {
    await mine.close();
    await reference?.close();
  });

  it.each(cases)("$name", async ({ expected, run }) => {
    expect(await run(mine.redis, uniqueKey("memory-runner"))).toEqual(expected);
    if (reference) expect(await run(reference.redis, uniqueKey("memory-runner"))).toEqual(expected);
  });
});

describe("memory runner", () => {
  let clock = 1_000_000;
  const runner = memoryRunner({ now: () => clock, sweepIntervalMs: 20 });
  afterAll(() => runner.close());
  const one = async (...command: [string, ...string[]]) => (await runner.run([command], false))[0];

  it("expires a key at its deadline, and INCR keeps the deadline", async () => {
    await one("SET", "counter", "5", "PX", "1000");
    clock += 500;
    expect(await one("INCR", "counter")).toEqual({ reply: 6 });
    expect(await one("PTTL", "counter")).toEqual({ reply: 500 });
    clock += 499;
    expect(await one("GET", "counter")).toEqual({ reply: "6" });
    clock += 1;
    expect(await one("GET", "counter")).toEqual({ reply: null });
    expect(await one("PTTL", "counter")).toEqual({ reply: -2 });
  });

  it("drops expired keys nobody reads again, so one-off clients do not grow the store", async () => {
    for (let i = 0; i < 100; i++) await one("SET", `client:${i}`, "1", "PX", "60000");
    await one("SET", "kept", "1");
    expect(runner.size()).toBeGreaterThanOrEqual(101);
    clock += 60_000;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(runner.size()).toBe(1);
  });

  it("runs none of a transaction that holds an unknown or malformed command", async () => {
    await expect(runner.run([["SET", "tx", "1"], ["HSET", "h", "f", "v"]], true)).rejects.toThrow(/^EXECABORT/);
    await expect(runner.run([["SET", "tx", "1"], ["GET"]], true)).rejects.toThrow(/^EXECABORT/);
    expect(await one("GET", "tx")).toEqual({ reply: null });
    // Outside a transaction each command gets its own answer.
    const outcomes = await runner.run([["SET", "tx", "1"], ["HSET", "h", "f", "v"]], false);
    expect(outcomes).toEqual([{ reply: "OK" }, { error: expect.stringMatching(/^ERR unknown command 'HSET'/) }]);
  });

  it("reports script errors with their line, and compile errors as such", async () => {
    expect(await one("EVAL", "local x = 1\nerror('boom')", "0")).toEqual({ error: expect.stringMatching(/^ERR user_script:2: boom/) });
    expect(await one("EVAL", "return (", "0")).toEqual({ error: expect.stringMatching(/^ERR Error compiling script/) });
    expect(await one("EVAL", "return 1", "2", "only-one-key")).toEqual({ error: "ERR Number of keys can't be greater than number of args" });
    // The Lua state outlives a failed script: the next one runs normally.
    expect(await one("EVAL", "return ARGV[1]", "0", "still fine")).toEqual({ reply: "still fine" });
  });

  it("keeps no state in Lua between scripts other than the compiled functions", async () => {
    expect(await one("EVAL", "return #KEYS", "2", "a", "b")).toEqual({ reply: 2 });
    expect(await one("EVAL", "return #KEYS", "0")).toEqual({ reply: 0 });
  });
});
