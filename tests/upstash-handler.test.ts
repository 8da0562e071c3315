import { createHash } from "node:crypto";
import Redis from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUpstashHandler, type UpstashRequest, type UpstashResponse } from "@/tools/upstash-bridge/handler";
import { ioredisRunner } from "@/tools/upstash-bridge/runner";
import { issuedKeys, needsRedis, uniqueKey, usingRealRedis } from "./helpers/bridge";

/** The bridge's translator (tools/upstash-bridge/handler.ts), without HTTP, against the real Redis at REDIS_URL. */

const connect = () =>
  new Redis(process.env.REDIS_URL as string, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: true });
let redis: Redis;
let handle: (request: UpstashRequest) => Promise<UpstashResponse>;

const post = (body: unknown, path = "/", base64 = false) => handle({ path, body, base64 } satisfies UpstashRequest);
const b64 = (text: string) => Buffer.from(text).toString("base64");
const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

describe.runIf(usingRealRedis)(needsRedis("Upstash REST translator"), () => {
  beforeAll(async () => {
    redis = connect();
    await redis.connect();
    handle = createUpstashHandler(ioredisRunner(redis));
  });
  afterAll(async () => {
    await handle({ path: "/", body: ["DEL", ...issuedKeys()], base64: false });
    redis.disconnect();
  });

  it("runs one command and answers {result}", async () => {
    const key = uniqueKey();
    expect(await post(["SET", key, "héllo"])).toEqual({ status: 200, body: { result: "OK" } });
    expect(await post(["GET", key])).toEqual({ status: 200, body: { result: "héllo" } });
    expect(await post(["GET", uniqueKey()])).toEqual({ status: 200, body: { result: null } });
    expect(await post(["INCRBY", uniqueKey(), 5])).toEqual({ status: 200, body: { result: 5 } });
  });

  it("base64-encodes every string, at every depth, when asked (but leaves a top-level OK)", async () => {
    const key = uniqueKey();
    expect(await post(["SET", key, "héllo"], "/", true)).toEqual({ status: 200, body: { result: "OK" } });
    expect(await post(["GET", key], "/", true)).toEqual({ status: 200, body: { result: b64("héllo") } });
    const script = "return {1, {ARGV[1], 'x'}, redis.call('GET', KEYS[1])}";
    expect((await post(["EVAL", script, 1, key, "ü"], "/", true)).body).toEqual({
      result: [1, [b64("ü"), b64("x")], b64("héllo")],
    });
    // Each pipeline entry is decoded like a top-level result, so its OK stays plain too.
    expect((await post([["SET", key, "v"]], "/pipeline", true)).body).toEqual([{ result: "OK" }]);
    expect((await post(["EVAL", "return {redis.call('SET', KEYS[1], 'v')}", 1, key], "/", true)).body).toEqual({
      result: [b64("OK")],
    });
  });

  it("runs /pipeline with a result or an error per command, in order", async () => {
    const key = uniqueKey();
    const reply = await post(
      [
        ["SET", key, "x"],
        ["GET", key],
        ["INCR", key],
        ["SELECT", "1"],
      ],
      "/pipeline",
    );
    expect(reply.status).toBe(200);
    const [set, get, incr, select] = reply.body as { result?: unknown; error?: string }[];
    expect(set).toEqual({ result: "OK" });
    expect(get).toEqual({ result: "x" });
    expect(select.error).toMatch(/not allowed/);
    expect(incr.error).toMatch(/not an integer/);
  });

  it("runs /multi-exec as one transaction", async () => {
    const key = uniqueKey();
    const reply = await post(
      [
        ["INCR", key],
        ["INCR", key],
        ["GET", key],
      ],
      "/multi-exec",
    );
    expect(reply).toEqual({ status: 200, body: [{ result: 1 }, { result: 2 }, { result: "2" }] });
    const refused = await post(
      [
        ["INCR", key],
        ["WATCH", key],
      ],
      "/multi-exec",
    );
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({ error: expect.stringMatching(/^EXECABORT/) });
  });

  it("aborts a transaction Redis refuses to queue, with Redis's message", async () => {
    const reply = await post(
      [
        ["SET", uniqueKey()],
        ["GET", uniqueKey()],
      ],
      "/multi-exec",
    );
    expect(reply).toEqual({ status: 400, body: { error: expect.stringMatching(/^EXECABORT/) } });
  });

  it("strips the #!lua flags line and maps the client's SHA so EVALSHA hits", async () => {
    const key = uniqueKey();
    const script = `#!lua flags=allow-key-locking\nreturn redis.call("INCRBY", KEYS[1], ARGV[1])`;
    const sha = sha1(script);
    expect((await post(["EVALSHA", sha, 1, key, 2])).body).toEqual({ error: expect.stringMatching(/^NOSCRIPT/) });
    expect(await post(["EVAL", script, 1, key, 2])).toEqual({ status: 200, body: { result: 2 } });
    expect(await post(["EVALSHA", sha, 1, key, 3])).toEqual({ status: 200, body: { result: 5 } });
    expect((await post([["EVALSHA", sha.toUpperCase(), 1, key, 1]], "/pipeline")).body).toEqual([{ result: 6 }]);
  });

  it("answers SCRIPT LOAD with the SHA of the script as sent, which EVALSHA then accepts", async () => {
    const script = `#!lua flags=allow-key-locking\nreturn ARGV[1] .. "!"`;
    expect(await post(["SCRIPT", "LOAD", script])).toEqual({ status: 200, body: { result: sha1(script) } });
    expect(await post(["EVALSHA", sha1(script), 0, "hi"])).toEqual({ status: 200, body: { result: "hi!" } });
    expect((await post(["SCRIPT", "EXISTS", sha1(script), sha1("nope")])).body).toEqual({ result: [1, 0] });
  });

  it("answers NOSCRIPT with Redis's own message, as @upstash/ratelimit expects", async () => {
    const reply = await post(["EVALSHA", "0".repeat(40), 0]);
    expect(reply).toEqual({ status: 400, body: { error: "NOSCRIPT No matching script. Please use EVAL." } });
  });

  it("converts Lua values as Redis does", async () => {
    const reply = await post(["EVAL", "return {1, 2.7, false, 'a'}", 0]);
    // Lua false becomes nil; numbers are truncated to integers.
    expect(reply.body).toEqual({ result: [1, 2, null, "a"] });
  });

  it("returns HGETALL as a flat array", async () => {
    const key = uniqueKey();
    await post(["HSET", key, "f", "v", "g", "w"]);
    expect((await post(["HGETALL", key])).body).toEqual({ result: ["f", "v", "g", "w"] });
  });

  it("passes Redis's error messages through", async () => {
    const key = uniqueKey();
    await post(["HSET", key, "f", "v"]);
    expect(await post(["GET", key])).toEqual({ status: 400, body: { error: expect.stringMatching(/^WRONGTYPE/) } });
  });

  it("refuses malformed bodies, unknown paths and connection-state commands with a JSON error", async () => {
    expect((await post({ not: "a command" })).status).toBe(400);
    expect((await post([])).status).toBe(400);
    expect((await post([["GET", "k"]])).status).toBe(400);
    expect((await post(["GET", { k: 1 }])).status).toBe(400);
    expect((await post(["GET", "k"], "/pipeline")).status).toBe(400);
    expect((await post(["GET", "k"], "/get/k")).status).toBe(404);
    expect(await post(["SUBSCRIBE", "c"])).toEqual({
      status: 400,
      body: { error: expect.stringMatching(/not allowed/) },
    });
    // Names of ioredis's own methods are no Redis commands either.
    for (const name of ["DISCONNECT", "duplicate", "on", "toString", "_signalModifiedKey"]) {
      expect((await post([name])).body).toEqual({ error: expect.stringMatching(/^ERR/) });
    }
  });

  it("answers 503 when Redis is unreachable", async () => {
    const down = connect();
    const reply = await createUpstashHandler(ioredisRunner(down))({ path: "/", body: ["PING"], base64: false });
    expect(reply).toEqual({ status: 503, body: { error: expect.stringMatching(/unavailable/) } });
  });
});
