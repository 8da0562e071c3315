import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { logger } from "@/lib/log";
import { createBridgeRedis, startBridge, type Bridge, type BridgeRedis } from "@/tools/upstash-bridge/bridge";
import { freshIp, json, newUser, startTestApp, type CallOptions, type TestApp } from "./helpers/app";
import { hasRedisServer, settlesWithin, startPrivateRedis, type PrivateService } from "./helpers/private-services";

/**
 * The rate-limit store failing while the app serves, with a redis-server and an
 * Upstash bridge of this file's own: public endpoints keep serving and log the fault, login
 * refuses with 503, /api/health names the rate limiter; once the store is back the same app
 * recovers without a restart. accounts-store-down.test.ts covers a store that is down from the start.
 */

let redis: PrivateService;
let bridgeRedis: BridgeRedis;
let bridge: Bridge | undefined;
let app: TestApp;
const token = randomBytes(16).toString("hex");
let bridgePort = 0;

/** Every request of this file must answer within a few seconds, store down or not. */
const call = (method: string, path: string, options?: CallOptions) =>
  settlesWithin(app.call(method, path, options), 8_000, `${method} ${path}`);

const openBridge = async () => {
  bridge = await startBridge({ token, redis: bridgeRedis, port: bridgePort });
  bridgePort = Number(new URL(bridge.url).port);
  return bridge;
};
const closeBridge = async () => {
  const closing = bridge;
  bridge = undefined;
  await closing?.close();
};

const member = newUser();
const login = () =>
  call("POST", "/api/auth/login", { body: { identifier: member.username, password: member.password }, ip: freshIp() });

async function expectStoreDownBehaviour(): Promise<void> {
  const errors = vi.spyOn(logger, "error");
  const refused = await login();
  expect(refused.status).toBe(503);
  expect(refused.headers.get("content-type")).toBe("application/problem+json");
  expect(await json(refused)).toMatchObject({ status: 503, rateLimiter: "unavailable" });

  expect((await call("POST", "/api/auth/register", { body: newUser(), ip: freshIp() })).status).toBe(201);
  expect(
    (await call("POST", "/api/auth/forgot-password", { body: { email: member.email }, ip: freshIp() })).status,
  ).toBe(202);
  // The requests that kept serving logged the fault.
  const faults = errors.mock.calls.filter(([fields]) => (fields as { onStoreDown?: string }).onStoreDown === "allow");
  expect(faults.map(([fields]) => (fields as { policy: string }).policy)).toEqual(
    expect.arrayContaining(["register", "forgot-password"]),
  );

  const health = await call("GET", "/api/health");
  expect(health.status).toBe(503);
  expect(await json(health)).toMatchObject({ status: 503, database: "ok", rateLimiter: "unavailable" });
}

/** Once the store is back: login and health answer 200 again, from the same app. */
async function expectRecovery(): Promise<void> {
  const started = Date.now();
  await expect.poll(async () => (await login()).status, { timeout: 15_000, interval: 200 }).toBe(200);
  if (process.env.FAULT_TIMINGS) console.info(`recovered in ${Date.now() - started} ms`);
  const health = await call("GET", "/api/health");
  expect(health.status).toBe(200);
  expect(await json(health)).toEqual({ status: "ok", database: "ok", rateLimiter: "ok" });
}

describe.skipIf(!hasRedisServer)(
  "faults in the rate-limit store (private redis-server; skipped when redis-server is absent)",
  () => {
    beforeAll(async () => {
      redis = await startPrivateRedis();
      bridgeRedis = createBridgeRedis(redis.url);
      const { url } = await openBridge();
      app = await startTestApp({ UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: token });
      expect((await call("POST", "/api/auth/register", { body: member, ip: freshIp() })).status).toBe(201);
    });
    afterEach(() => vi.restoreAllMocks());
    afterAll(async () => {
      await app?.close();
      await closeBridge();
      bridgeRedis?.disconnect();
      await redis?.destroy();
    });

    it("serves while it is up", async () => {
      expect((await login()).status).toBe(200);
      expect((await call("GET", "/api/health")).status).toBe(200);
    });

    it("Redis stopped: login 503, registration and reset requests served and logged, health names it; restarted: recovers", async () => {
      await redis.stop();
      await expectStoreDownBehaviour();
      await redis.start();
      await expectRecovery();
    });

    it("bridge unreachable: the same; bridge back on its port: recovers", async () => {
      await closeBridge();
      await expectStoreDownBehaviour();
      await openBridge();
      await expectRecovery();
    });
  },
);
