import { decodeProtectedHeader, jwtVerify, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshIp, json, newUser, startTestApp, TEST_SECRET, type TestApp } from "./helpers/app";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ JWT_TTL_SECONDS: "2" });
});
afterAll(() => app.close());

async function signedUp() {
  const response = await app.call("POST", "/api/auth/register", { body: newUser(), ip: freshIp() });
  const body = await json(response);
  return { id: (body.user as { id: string }).id, token: body.accessToken as string, expiresIn: body.expiresIn };
}

const me = (token?: string, headers: Record<string, string> = {}) =>
  app.call("GET", "/api/auth/me", { token, headers });

describe("GET /api/auth/me", () => {
  it("answers 401 problem+json for a missing, malformed or forged token", async () => {
    const { id } = await signedUp();
    const forged = await new SignJWT({ ver: 0 })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(id)
      .setIssuer("accounts")
      .setAudience("accounts-api")
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode("some-other-secret-0123456789abcdef"));
    const unsigned = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from(JSON.stringify({ sub: id, ver: 0 })).toString("base64url")}.`;
    for (const response of [
      await me(),
      await me(undefined, { authorization: "Basic abc" }),
      await me("not.a.token"),
      await me(forged),
      await me(unsigned),
      await me(TEST_SECRET),
    ]) {
      expect(response.status).toBe(401);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect(response.headers.get("www-authenticate")).toBe("Bearer");
    }
  });

  it("stops accepting a token once it expires (JWT_TTL_SECONDS)", async () => {
    const { token, expiresIn } = await signedUp();
    expect(expiresIn).toBe(2);
    expect((await me(token)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 3_100));
    expect((await me(token)).status).toBe(401);
  });

  it("revokes every earlier token when the token version moves, and on deactivation or deletion", async () => {
    const a = await signedUp();
    expect((await me(a.token)).status).toBe(200);
    await app.db.user.update({ where: { id: a.id }, data: { tokenVersion: { increment: 1 } } });
    expect((await me(a.token)).status).toBe(401);

    const b = await signedUp();
    await app.db.user.update({ where: { id: b.id }, data: { isActive: false } });
    expect((await me(b.token)).status).toBe(401);

    const c = await signedUp();
    await app.db.user.update({ where: { id: c.id }, data: { deletedAt: new Date() } });
    expect((await me(c.token)).status).toBe(401);
  });
});

describe("the access token", () => {
  it("is a standard HS256 JWT that jose verifies with the derived key, with exactly the claims it needs", async () => {
    const { id, token } = await signedUp();
    expect(decodeProtectedHeader(token)).toEqual({ alg: "HS256", typ: "JWT" });
    const key = new TextEncoder().encode(`${TEST_SECRET}:api-access-token`);
    const { payload } = await jwtVerify(token, key, {
      algorithms: ["HS256"],
      issuer: "accounts",
      audience: "accounts-api",
    });
    expect(Object.keys(payload).sort()).toEqual(["aud", "exp", "iat", "iss", "sid", "sub"]);
    expect(payload).toMatchObject({ sub: id, sid: expect.stringMatching(/^[\w-]{22}$/) });
    expect(payload.exp! - payload.iat!).toBe(2);
    expect(Math.abs(payload.iat! - Date.now() / 1000)).toBeLessThan(5);
  });
});
