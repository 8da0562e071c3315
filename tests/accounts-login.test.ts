import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshIp, json, newUser, startTestApp, type TestApp } from "./helpers/app";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ LOGIN_ACCOUNT_MAX_FAILURES_PER_HOUR: "12" });
});
afterAll(() => app.close());

async function registered(overrides: Record<string, unknown> = {}) {
  const body = newUser(overrides);
  const response = await app.call("POST", "/api/auth/register", { body, ip: freshIp() });
  expect(response.status).toBe(201);
  return { ...body, id: ((await json(response)).user as { id: string }).id };
}

const login = (identifier: string, password: string, ip = freshIp()) =>
  app.call("POST", "/api/auth/login", { body: { identifier, password }, ip });

describe("POST /api/auth/login", () => {
  it("signs in by username in any case and by phone in any written form", async () => {
    const user = await registered({ phoneNumber: "+1 212 555 8101" });
    for (const identifier of [
      user.username,
      user.username.toUpperCase(),
      "(212) 555-8101",
      "212.555.8101",
      "+12125558101",
    ]) {
      const response = await login(identifier, user.password);
      expect(response.status, identifier).toBe(200);
      const body = await json(response);
      expect(body).toMatchObject({ tokenType: "Bearer", user: { id: user.id } });
    }
  });

  it("answers the same user object as /api/auth/me (an unverified e-mail reads unverified)", async () => {
    const user = await registered();
    const body = await json(await login(user.username, user.password));
    expect(body.user).toMatchObject({ emailVerified: false, mfaEnabled: false });
    const me = await app.call("GET", "/api/auth/me", { token: body.accessToken as string });
    expect((await json(me)).user).toEqual(body.user);
  });

  it("gives one and the same 401 for unknown user, wrong password, inactive and deleted users", async () => {
    const active = await registered();
    const inactive = await registered();
    const deleted = await registered();
    await app.db.user.update({ where: { id: inactive.id }, data: { isActive: false } });
    await app.db.user.update({ where: { id: deleted.id }, data: { deletedAt: new Date() } });

    const bodies = [];
    for (const [identifier, password] of [
      ["nobody_here", "whatever-password"],
      [active.username, "wrong-password-1"],
      [inactive.username, inactive.password],
      [deleted.username, deleted.password],
    ]) {
      const response = await login(identifier, password);
      expect(response.status).toBe(401);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      bodies.push(await json(response));
    }
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
  });

  it("locks the (account, IP) pair after 5 failures, even for the right password; other IPs still get in", async () => {
    const user = await registered();
    const ip = freshIp();
    for (let i = 0; i < 5; i++) expect((await login(user.username, `wrong-${i}-password`, ip)).status).toBe(401);
    const locked = await login(user.username, user.password, ip);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(250);
    // Whichever identifier names the account, the pair is locked.
    expect((await login(user.phoneNumber, user.password, ip)).status).toBe(429);
    expect((await login(user.username, user.password, freshIp())).status).toBe(200);
  });

  it("resets the pair's count on success", async () => {
    const user = await registered();
    const ip = freshIp();
    for (let i = 0; i < 4; i++) await login(user.username, `wrong-${i}-password`, ip);
    expect((await login(user.username, user.password, ip)).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await login(user.username, `wrong-${i}-password`, ip)).status).toBe(401);
    expect((await login(user.username, user.password, ip)).status).toBe(200);
  });

  it("counts an unknown identifier by its normalised text", async () => {
    const ip = freshIp();
    for (const written of ["(646) 555-0142", "646-555-0142", "+1 646 555 0142", "6465550142", "646.555.0142"]) {
      expect((await login(written, "some-password", ip)).status).toBe(401);
    }
    expect((await login("+16465550142", "some-password", ip)).status).toBe(429);
  });

  it("verifies at most LOGIN_MAX_FAILURES passwords for 20 parallel wrong attempts", async () => {
    const user = await registered();
    const ip = freshIp();
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        app.call("POST", "/api/auth/login", { body: { identifier: user.username, password: `wrong-${i}-pw` }, ip }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
  });

  it("locks the account for every IP past LOGIN_ACCOUNT_MAX_FAILURES_PER_HOUR", async () => {
    const user = await registered();
    for (let i = 0; i < 12; i++) expect((await login(user.username, `wrong-${i}-password`)).status).toBe(401);
    expect((await login(user.username, user.password)).status).toBe(429);
  });

  it("rate-limits login per client IP (429 with Retry-After)", async () => {
    const ip = freshIp();
    for (let i = 0; i < 20; i++) {
      expect((await app.call("POST", "/api/auth/login", { body: { identifier: "" }, ip })).status).toBe(400);
    }
    const limited = await login("someone", "password", ip);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
  });
});
