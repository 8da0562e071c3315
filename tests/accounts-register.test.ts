import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshIp, json, newUser, startTestApp, type TestApp } from "./helpers/app";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

describe("POST /api/auth/register", () => {
  it("creates the account and returns the user with a working token", async () => {
    const body = newUser({ phoneNumber: "(212) 555-7001", email: "Ada@Example.com" });
    const response = await app.call("POST", "/api/auth/register", { body, ip: freshIp() });
    expect(response.status).toBe(201);
    const result = await json(response);
    expect(result).toMatchObject({ tokenType: "Bearer", expiresIn: 2_592_000, accessToken: expect.any(String) });
    expect(result.user).toEqual({
      id: expect.any(String),
      username: body.username,
      phoneNumber: "+12125557001",
      email: "Ada@Example.com",
      emailVerified: false,
      isActive: true,
      isStaff: false,
      mfaEnabled: false,
      dateJoined: expect.any(String),
      deletedAt: null,
    });
    expect(JSON.stringify(result)).not.toMatch(/passwordHash|argon2|tokenVersion/);
    const me = await app.call("GET", "/api/auth/me", { token: result.accessToken as string });
    expect(me.status).toBe(200);
    expect((await json(me)).user).toEqual(result.user);
    const row = await app.db.user.findFirstOrThrow({ where: { username: body.username } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain(body.password);
  });

  it("answers 409 naming each taken field, compared as the unique indexes compare", async () => {
    const first = newUser();
    expect((await app.call("POST", "/api/auth/register", { body: first, ip: freshIp() })).status).toBe(201);
    const again = newUser({
      username: first.username.toUpperCase(),
      phoneNumber: first.phoneNumber.replace(/[^\d+]/g, ""),
      email: first.email.toUpperCase(),
    });
    const response = await app.call("POST", "/api/auth/register", { body: again, ip: freshIp() });
    expect(response.status).toBe(409);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(Object.keys((await json(response)).errors ?? {}).sort()).toEqual(["email", "phoneNumber", "username"]);
  });

  it("answers 400 with every field's errors, taken values included", async () => {
    const first = newUser();
    await app.call("POST", "/api/auth/register", { body: first, ip: freshIp() });
    const response = await app.call("POST", "/api/auth/register", {
      body: { username: first.username, phoneNumber: "12", email: "nope", password: "password" },
      ip: freshIp(),
    });
    expect(response.status).toBe(400);
    const errors = (await json(response)).errors ?? {};
    expect(Object.keys(errors).sort()).toEqual(["email", "password", "phoneNumber", "username"]);
    expect(errors.username).toEqual(["This username is taken."]);
  });

  it("lets exactly one of several parallel sign-ups of one username win; the others get 409", async () => {
    const username = `race_${Date.now()}`;
    const bodies = Array.from({ length: 6 }, () => newUser({ username }));
    const responses = await Promise.all(
      bodies.map((body) => app.call("POST", "/api/auth/register", { body, ip: freshIp() })),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409]);
    expect(await app.db.user.count({ where: { username } })).toBe(1);
  });

  it("refuses a wrong content type (415) and a malformed body (400) without creating anything", async () => {
    const before = await app.db.user.count();
    const ip = freshIp();
    const wrongType = await app.call("POST", "/api/auth/register", {
      body: "username=x",
      ip,
      headers: { "content-type": "text/plain" },
    });
    expect(wrongType.status).toBe(415);
    expect((await app.call("POST", "/api/auth/register", { body: "{", ip })).status).toBe(400);
    expect(await app.db.user.count()).toBe(before);
  });

  it("allows RATE_LIMIT_PER_MINUTE requests per client IP, then 429 with Retry-After", async () => {
    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      // Invalid bodies count too: the limit is checked before anything else.
      statuses.push((await app.call("POST", "/api/auth/register", { body: { username: "x" }, ip })).status);
    }
    expect(statuses.slice(0, 20).every((s) => s === 400)).toBe(true);
    const limited = await app.call("POST", "/api/auth/register", { body: newUser(), ip });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await app.call("POST", "/api/auth/register", { body: newUser(), ip: freshIp() })).status).toBe(201);
  });
});
