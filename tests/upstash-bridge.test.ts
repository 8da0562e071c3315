import { Redis } from "@upstash/redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  issuedKeys,
  needsRedis,
  startTestBridge,
  uniqueKey,
  upstashClient,
  usingRealRedis,
  type TestBridge,
} from "./helpers/bridge";

/** The bridge (tools/upstash-bridge) in front of the real Redis at REDIS_URL. */

describe.runIf(usingRealRedis)(needsRedis("Upstash REST bridge over HTTP"), () => {
  let bridge: TestBridge;
  beforeAll(async () => {
    bridge = await startTestBridge();
  });
  afterAll(async () => {
    await new Redis({ url: bridge.url, token: bridge.token, enableTelemetry: false }).del(...issuedKeys());
    await bridge.close();
  });

  const call = (init: RequestInit, path = "/") => fetch(`${bridge.url}${path}`, { method: "POST", ...init });

  it("refuses a missing or wrong token on every path, with JSON", async () => {
    for (const path of ["/", "/pipeline", "/multi-exec", "/anything"]) {
      const none = await call({ body: JSON.stringify(["PING"]) }, path);
      expect(none.status).toBe(401);
      expect(await none.json()).toEqual({ error: "Unauthorized" });
      const wrong = await call({ body: "[]", headers: { Authorization: "Bearer nope" } }, path);
      expect(wrong.status).toBe(401);
    }
    const client = new Redis({ url: bridge.url, token: "wrong", retry: false, enableTelemetry: false });
    await expect(client.ping()).rejects.toThrow(/Unauthorized/);
  });

  it("answers JSON even to bad requests", async () => {
    const headers = { Authorization: `Bearer ${bridge.token}` };
    for (const response of [
      await call({ headers, body: "not json" }),
      await fetch(bridge.url, { headers }),
      await call({ headers, body: JSON.stringify({ not: "a command" }) }),
      await call({ headers, body: JSON.stringify(["PING"]) }, "/unknown"),
    ]) {
      expect(response.headers.get("content-type")).toBe("application/json");
      expect(await response.json()).toHaveProperty("error");
    }
  });

  it("serves a client that asks for plain (not base64) responses", async () => {
    const plain = new Redis({ url: bridge.url, token: bridge.token, responseEncoding: false, enableTelemetry: false });
    const key = uniqueKey();
    await plain.set(key, "plain ✓");
    expect(await plain.get(key)).toBe("plain ✓");
  });
});

// The client as the app builds it: what the Upstash store needs of the endpoint it talks to.
describe.runIf(usingRealRedis)(needsRedis("@upstash/redis client on the bridge"), () => {
  let bridge: TestBridge;
  let redis: Redis;
  beforeAll(async () => {
    bridge = await startTestBridge();
    redis = upstashClient(bridge.url, bridge.token);
  });
  afterAll(async () => {
    await redis.del(...issuedKeys());
    await bridge.close();
  });
  it("round-trips text, unicode and JSON values", async () => {
    const key = uniqueKey();
    expect(await redis.set(key, "héllo 🌍")).toBe("OK");
    expect(await redis.get(key)).toBe("héllo 🌍");
    await redis.set(key, { a: 1, list: ["x"] });
    expect(await redis.get(key)).toEqual({ a: 1, list: ["x"] });
    expect(await redis.get(uniqueKey())).toBeNull();
  });

  it("runs pipelines and transactions", async () => {
    const key = uniqueKey();
    expect(await redis.pipeline().set(key, 5).incr(key).get(key).exec()).toEqual(["OK", 6, 6]);
    expect(await redis.multi().incr(key).incr(key).exec()).toEqual([7, 8]);
  });

  it("stores hashes", async () => {
    const hash = uniqueKey();
    await redis.hset(hash, { f: "v", g: 2 });
    expect(await redis.hgetall(hash)).toEqual({ f: "v", g: 2 });
  });

  it("gives every one of many parallel (auto-pipelined) commands its own answer", async () => {
    const key = uniqueKey();
    const values = await Promise.all(Array.from({ length: 30 }, () => redis.incr(key)));
    expect([...values].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });

  it("runs a script with an Upstash flags line: EVALSHA misses, EVAL, then EVALSHA hits", async () => {
    const key = uniqueKey();
    const script = redis.createScript<number>(
      `#!lua flags=allow-key-locking\nreturn redis.call("INCRBY", KEYS[1], ARGV[1])`,
    );
    expect(await script.exec([key], ["2"])).toBe(2);
    expect(await script.evalsha([key], ["3"])).toBe(5);
    await expect(redis.evalsha("0".repeat(40), [], [])).rejects.toThrow(/NOSCRIPT/);
  });
});
