import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { logger } from "@/lib/log";
import { freshIp, json, newUser, startTestApp, type CallOptions, type TestApp } from "./helpers/app";
import { hasPostgres, settlesWithin, startPrivatePostgres, type PrivateService } from "./helpers/private-services";

/**
 * PostgreSQL stopping while the app serves, on a cluster of this file's own, opened the way the
 * app opens DATABASE_URL (its real connection pool): /api/health answers 503 naming the
 * database, every other route a prompt 503 problem+json (never an opaque 500), and once the
 * server is back the same app serves again, without a restart.
 */

let pg: PrivateService;
let app: TestApp;

/** Every request of this file must answer within a few seconds, database down or not. */
const call = (method: string, path: string, options?: CallOptions) =>
  settlesWithin(app.call(method, path, options), 8_000, `${method} ${path}`);

const member = newUser();
let token = "";
const login = () =>
  call("POST", "/api/auth/login", { body: { identifier: member.username, password: member.password }, ip: freshIp() });

async function expectDatabaseDown(response: Response): Promise<void> {
  expect(response.status).toBe(503);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  const body = await json(response);
  expect(body).toMatchObject({ status: 503, database: "unavailable" });
  // Nothing of the driver's error reaches the client.
  expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|stack|prisma/i);
}

describe.skipIf(!hasPostgres)(
  "faults in PostgreSQL (private cluster; skipped when the PostgreSQL binaries are absent)",
  () => {
    beforeAll(async () => {
      pg = await startPrivatePostgres();
      app = await startTestApp({ DATABASE_URL: pg.url });
      expect((await call("POST", "/api/auth/register", { body: member, ip: freshIp() })).status).toBe(201);
    });
    afterAll(async () => {
      await app?.close();
      await pg?.destroy();
    });

    it("serves while it is up", async () => {
      const response = await login();
      expect(response.status).toBe(200);
      token = String((await json(response)).accessToken);
      expect((await call("GET", "/api/health")).status).toBe(200);
    });

    it("stopped: health names the database, the routes answer 503; restarted: the same app serves again", async () => {
      await pg.stop();
      const errors = vi.spyOn(logger, "error");

      const health = await call("GET", "/api/health");
      expect(health.status).toBe(503);
      expect(await json(health)).toMatchObject({ status: 503, database: "unavailable", rateLimiter: "ok" });
      await expectDatabaseDown(await login());
      await expectDatabaseDown(await call("GET", "/api/auth/me", { token }));
      await expectDatabaseDown(await call("POST", "/api/auth/register", { body: newUser(), ip: freshIp() }));
      await expectDatabaseDown(
        await call("POST", "/api/auth/forgot-password", { body: { email: member.email }, ip: freshIp() }),
      );
      // Logged as a dependency failure (with the driver's error), not as an unhandled one.
      const messages = errors.mock.calls.map((args) => args[1]);
      expect(messages.filter((m) => m === "dependency failure")).toHaveLength(4);
      expect(messages).not.toContain("unhandled error");
      errors.mockRestore();

      await pg.start();
      const started = Date.now();
      await expect.poll(async () => (await login()).status, { timeout: 15_000, interval: 200 }).toBe(200);
      if (process.env.FAULT_TIMINGS) console.info(`recovered in ${Date.now() - started} ms`);
      expect((await call("GET", "/api/auth/me", { token })).status).toBe(200);
      expect((await call("POST", "/api/auth/register", { body: newUser(), ip: freshIp() })).status).toBe(201);
      expect(await json(await call("GET", "/api/health"))).toEqual({ status: "ok", database: "ok", rateLimiter: "ok" });
    });
  },
);
