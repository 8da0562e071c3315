import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshIp, json, newUser, startTestApp, type TestApp } from "./helpers/app";

/** A port with nothing listening: the rate-limit store is down. */
async function deadPort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({
    UPSTASH_REDIS_REST_URL: `http://127.0.0.1:${await deadPort()}`,
    UPSTASH_REDIS_REST_TOKEN: "whatever",
  });
});
afterAll(() => app.close());

describe("when the rate-limit store is down", () => {
  it("login refuses with 503 rather than run unlimited", async () => {
    const response = await app.call("POST", "/api/auth/login", {
      body: { identifier: "someone", password: "pw" },
      ip: freshIp(),
    });
    expect(response.status).toBe(503);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(await json(response)).toMatchObject({ status: 503, rateLimiter: "unavailable" });
  });

  it("registration keeps serving", async () => {
    expect((await app.call("POST", "/api/auth/register", { body: newUser(), ip: freshIp() })).status).toBe(201);
  });

  it("health answers 503 naming the rate limiter", async () => {
    const response = await app.call("GET", "/api/health");
    expect(response.status).toBe(503);
    expect(await json(response)).toMatchObject({ status: 503, database: "ok", rateLimiter: "unavailable" });
  });
});
