import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { needsRedis, startTestBridge, uniqueKey, usingRealRedis, type TestBridge } from "./helpers/bridge";

/**
 * Separate app processes sharing one Upstash-REST store share one limit: 25 requests for the
 * same client, split across 3 processes running the app's own assertRateLimit, get exactly 20.
 * The shared store is the bridge in front of the Redis at REDIS_URL (without it there is none).
 */

const root = path.resolve(import.meta.dirname, "..");

// Each child fires its share at once through the real policy code and prints what it got.
const CHILD = `
(async () => {
  const { assertRateLimit } = await import(${JSON.stringify(path.join(root, "lib/rate-limit/index.ts"))});
  const [count, ip] = process.argv.slice(-2);
  const results = await Promise.allSettled(
    // "refuse": a store that fails or times out shows as ServiceUnavailableError, not as an allow.
    Array.from({ length: Number(count) }, () => assertRateLimit("register", ip, { onStoreDown: "refuse" })),
  );
  const refusals = results.filter((r) => r.status === "rejected").map((r) => r.reason?.constructor?.name);
  console.log(JSON.stringify({ allowed: results.length - refusals.length, refusals }));
})();
`;

type ChildResult = { allowed: number; refusals: string[] };

function runChild(bridge: TestBridge, count: number, ip: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(root, "node_modules/.bin/tsx"), ["-e", CHILD, String(count), ip], {
      cwd: root,
      env: {
        ...process.env,
        UPSTASH_REDIS_REST_URL: bridge.url,
        UPSTASH_REDIS_REST_TOKEN: bridge.token,
        RATE_LIMIT_PER_MINUTE: "20",
        LOG_LEVEL: "silent",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      const line = out.trim().split("\n").pop() ?? "";
      if (code === 0 && line.startsWith("{")) resolve(JSON.parse(line) as ChildResult);
      else reject(new Error(`child exited ${code}: ${err || out}`));
    });
  });
}

describe.runIf(usingRealRedis)(needsRedis("one limit across processes"), () => {
  let bridge: TestBridge;
  beforeAll(async () => {
    bridge = await startTestBridge();
  });
  afterAll(() => bridge.close());

  it("allows exactly 20 of 25 requests split across 3 processes", async () => {
    const ip = uniqueKey("ip");
    const results = await Promise.all([runChild(bridge, 9, ip), runChild(bridge, 8, ip), runChild(bridge, 8, ip)]);
    expect(results.reduce((sum, r) => sum + r.allowed, 0)).toBe(20);
    expect(results.flatMap((r) => r.refusals)).toEqual(Array(5).fill("RateLimitedError"));
  });
});
