import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INVALID_MFA_CODE } from "@/lib/two-factor/mfa-sign-in";
import { totpCode } from "@/lib/two-factor/totp";
import { staffSession } from "./helpers/admin";
import { freshIp, json, newUser, startTestApp, type TestApp } from "./helpers/app";

/**
 * Two-factor sign-in with an authenticator app through the real API app and PostgreSQL (and the
 * real Redis when REDIS_URL is set): the test plays the user's app, computing codes from the
 * secret the enrolment hands out. A code is accepted once per 30-second step and only for a later
 * step than the last one accepted, so a second code in one test is the next step's (the drift
 * allows one step ahead), and a test that needs more sets the last accepted step back in the table.
 */

const MAX_FAILURES = 3;
const STEP_MS = 30_000;

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ LOGIN_MAX_FAILURES: String(MAX_FAILURES) });
});
afterAll(() => app.close());

type Account = ReturnType<typeof newUser> & { id: string; token: string };

const call = (method: string, path: string, token: string | undefined, body?: unknown, ip = freshIp()) =>
  app.call(method, path, { token, body, ip });
const login = (identifier: string, password: string, ip = freshIp()) =>
  call("POST", "/api/auth/login", undefined, { identifier, password }, ip);
const loginMfa = (mfaToken: string, code: string, ip = freshIp()) =>
  call("POST", "/api/auth/login/mfa", undefined, { mfaToken, code }, ip);

async function signUp(): Promise<Account> {
  const body = newUser();
  const response = await call("POST", "/api/auth/register", undefined, body);
  expect(response.status).toBe(201);
  const data = await json(response);
  return { ...body, id: (data.user as { id: string }).id, token: data.accessToken as string };
}

/** Enrols the app for `account`: its secret and recovery codes. */
async function enrol(account: Account): Promise<{ secret: string; recoveryCodes: string[] }> {
  const started = await call("POST", "/api/account/mfa/totp", account.token, { password: account.password });
  expect(started.status).toBe(200);
  const { secret } = (await json(started)) as { secret: string };
  const confirmed = await call("POST", "/api/account/mfa/totp/confirm", account.token, { code: totpCode(secret) });
  expect(confirmed.status).toBe(200);
  return { secret, recoveryCodes: ((await json(confirmed)) as { recoveryCodes: string[] }).recoveryCodes };
}

/** Lets the app's current step be accepted again, as if the last accepted code were older. */
const forgetLastStep = (userId: string) =>
  app.db.totpFactor.update({ where: { userId }, data: { lastUsedStep: null } });

async function mfaTokenOf(account: Account, ip = freshIp()): Promise<string> {
  const response = await login(account.username, account.password, ip);
  expect(response.status).toBe(200);
  const body = await json(response);
  expect(body).toMatchObject({ mfaRequired: true, methods: ["totp", "recoveryCode"], expiresIn: 300 });
  expect(body).not.toHaveProperty("accessToken");
  return body.mfaToken as string;
}

describe("enrolment", () => {
  it("is pending after the password, off after a wrong first code, and on after a right one", async () => {
    const account = await signUp();
    const started = await call("POST", "/api/account/mfa/totp", account.token, { password: account.password });
    expect(started.status).toBe(200);
    const { secret, otpauthUri } = (await json(started)) as { secret: string; otpauthUri: string };
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(new URL(otpauthUri).searchParams.get("secret")).toBe(secret);
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\//);

    const wrong = totpCode(secret, Date.now() + 10 * STEP_MS);
    const refused = await call("POST", "/api/account/mfa/totp/confirm", account.token, { code: wrong });
    expect(refused.status).toBe(400);
    expect((await json(refused)).errors).toHaveProperty("code");
    expect((await json(await call("GET", "/api/account/mfa", account.token))).totp).toBe("pending");
    // Still off: the password alone signs in.
    expect((await json(await login(account.username, account.password))).accessToken).toEqual(expect.any(String));

    const confirmed = await call("POST", "/api/account/mfa/totp/confirm", account.token, { code: totpCode(secret) });
    expect(confirmed.status).toBe(200);
    const { recoveryCodes } = (await json(confirmed)) as { recoveryCodes: string[] };
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const me = await json(await call("GET", "/api/auth/me", account.token));
    expect(me.user).toMatchObject({ mfaEnabled: true });
    expect(await json(await call("GET", "/api/account/mfa", account.token))).toEqual({
      totp: "on",
      recoveryCodesLeft: 10,
    });
    expect(await app.db.securityEvent.count({ where: { userId: account.id, type: "mfa_enabled" } })).toBe(1);
  });

  it("keeps the secret sealed and the recovery codes hashed", async () => {
    const account = await signUp();
    const { secret, recoveryCodes } = await enrol(account);
    const factor = await app.db.totpFactor.findUniqueOrThrow({ where: { userId: account.id } });
    expect(factor.secret).not.toContain(secret);
    expect(factor.secret).toMatch(/^v1\./);
    const stored = await app.db.recoveryCode.findMany({ where: { userId: account.id } });
    expect(stored).toHaveLength(10);
    const plain = recoveryCodes.map((code) => code.replace("-", ""));
    for (const row of stored) expect(plain.some((code) => row.codeHash.includes(code))).toBe(false);
  });

  it("puts the status in the data export, and neither the secret nor a recovery code", async () => {
    const account = await signUp();
    const { secret, recoveryCodes } = await enrol(account);
    const response = await call("GET", "/api/account/export", account.token);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(JSON.parse(text).twoFactor).toEqual({
      authenticatorApp: "on",
      enabledAt: expect.any(String),
      recoveryCodesLeft: 10,
    });
    expect(text).not.toContain(secret);
    for (const code of recoveryCodes) expect(text).not.toContain(code);
  });

  it("asks the password (403 when wrong) and refuses a second enrolment while on (409)", async () => {
    const account = await signUp();
    const wrong = await call("POST", "/api/account/mfa/totp", account.token, { password: "not-my-password" });
    expect(wrong.status).toBe(403);
    await enrol(account);
    const again = await call("POST", "/api/account/mfa/totp", account.token, { password: account.password });
    expect(again.status).toBe(409);
  });
});

describe("sign-in with a second step", () => {
  it("answers an mfaToken for the password, and a session for the app's code", async () => {
    const account = await signUp();
    const { secret } = await enrol(account);
    const mfaToken = await mfaTokenOf(account);
    const response = await loginMfa(mfaToken, totpCode(secret, Date.now() + STEP_MS));
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body).toMatchObject({ tokenType: "Bearer", user: { id: account.id, mfaEnabled: true } });
    expect((await call("GET", "/api/auth/me", body.accessToken as string)).status).toBe(200);
    const signIn = await app.db.securityEvent.findFirstOrThrow({
      where: { userId: account.id, type: "sign_in" },
      orderBy: { id: "desc" },
    });
    expect(signIn.detail).toMatchObject({ method: "totp" });
  });

  it("refuses a code used once already (a replay), even within its 30 seconds", async () => {
    const account = await signUp();
    const { secret } = await enrol(account);
    const code = totpCode(secret, Date.now() + STEP_MS);
    expect((await loginMfa(await mfaTokenOf(account), code)).status).toBe(200);
    const replay = await loginMfa(await mfaTokenOf(account), code);
    expect(replay.status).toBe(401);
    expect((await json(replay)).detail).toBe(INVALID_MFA_CODE);
  });

  it("takes a recovery code once; a used one is refused", async () => {
    const account = await signUp();
    const { recoveryCodes } = await enrol(account);
    const first = await loginMfa(await mfaTokenOf(account), recoveryCodes[3].toUpperCase());
    expect(first.status).toBe(200);
    const again = await loginMfa(await mfaTokenOf(account), recoveryCodes[3]);
    expect(again.status).toBe(401);
    expect((await json(await call("GET", "/api/account/mfa", account.token))).recoveryCodesLeft).toBe(9);
  });

  it("lets exactly one of two parallel sign-ins with one recovery code through", async () => {
    const account = await signUp();
    const { recoveryCodes } = await enrol(account);
    const tokens = await Promise.all([mfaTokenOf(account), mfaTokenOf(account)]);
    const responses = await Promise.all(tokens.map((token) => loginMfa(token, recoveryCodes[0])));
    expect(responses.map((r) => r.status).sort()).toEqual([200, 401]);
    const used = await app.db.recoveryCode.count({ where: { userId: account.id, usedAt: { not: null } } });
    expect(used).toBe(1);
  });

  it("uses an mfaToken once: parallel right codes with one token sign in once", async () => {
    const account = await signUp();
    const { recoveryCodes } = await enrol(account);
    const mfaToken = await mfaTokenOf(account);
    const responses = await Promise.all([loginMfa(mfaToken, recoveryCodes[0]), loginMfa(mfaToken, recoveryCodes[1])]);
    expect(responses.map((r) => r.status).sort()).toEqual([200, 401]);
    // The losing request's recovery code was given back with its rolled-back transaction.
    const used = await app.db.recoveryCode.count({ where: { userId: account.id, usedAt: { not: null } } });
    expect(used).toBe(1);
  });

  it("voids the mfaToken after LOGIN_MAX_FAILURES wrong codes, and counts them toward the lockout", async () => {
    const account = await signUp();
    const { secret } = await enrol(account);
    const ip = freshIp();
    const mfaToken = await mfaTokenOf(account, ip);
    for (let i = 0; i < MAX_FAILURES; i++) {
      const wrong = await loginMfa(mfaToken, "000000", ip);
      expect(wrong.status).toBe(401);
    }
    await forgetLastStep(account.id);
    const rightButVoid = await loginMfa(mfaToken, totpCode(secret), ip);
    expect(rightButVoid.status).toBe(401);
    expect((await json(rightButVoid)).detail).toBe(INVALID_MFA_CODE);
    // The (account, IP) pair is locked out: even the right password gets 429 from this IP…
    const locked = await login(account.username, account.password, ip);
    expect(locked.status).toBe(429);
    expect(locked.headers.get("retry-after")).toMatch(/^\d+$/);
    // …and not from another one.
    expect((await login(account.username, account.password)).status).toBe(200);
    const failures = await app.db.securityEvent.count({
      where: { userId: account.id, type: "sign_in_failed", detail: { path: ["step"], equals: "mfa" } },
    });
    expect(failures).toBe(MAX_FAILURES);
  });

  it("refuses an unknown, expired or malformed mfaToken with one message, and bad bodies with 400", async () => {
    const account = await signUp();
    const { secret } = await enrol(account);
    const unknown = await loginMfa("A".repeat(43), totpCode(secret));
    expect(unknown.status).toBe(401);
    expect((await json(unknown)).detail).toBe(INVALID_MFA_CODE);

    const mfaToken = await mfaTokenOf(account);
    await app.db.authChallenge.updateMany({
      where: { userId: account.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const expired = await loginMfa(mfaToken, totpCode(secret, Date.now() + STEP_MS));
    expect(expired.status).toBe(401);
    expect((await json(expired)).detail).toBe(INVALID_MFA_CODE);

    for (const body of [
      {},
      { mfaToken },
      { code: "123456" },
      { mfaToken: 5, code: "123456" },
      { mfaToken, code: "" },
    ]) {
      const response = await call("POST", "/api/auth/login/mfa", undefined, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
    }
  });

  it("voids a waiting mfaToken when the user is deactivated or resets meanwhile", async () => {
    const account = await signUp();
    const { secret } = await enrol(account);
    const mfaToken = await mfaTokenOf(account);
    await app.db.user.update({ where: { id: account.id }, data: { tokenVersion: { increment: 1 } } });
    expect((await loginMfa(mfaToken, totpCode(secret, Date.now() + STEP_MS))).status).toBe(401);
  });

  it("is never an access token: /api/auth/me and every staff route refuse the mfaToken", async () => {
    const staff = await staffSession(app);
    const staffRow = await app.db.user.findUniqueOrThrow({ where: { id: staff.id } });
    const password = `quiet-harbour-${staffRow.username.slice(-4)}-staff`;
    const staffAccount = { ...newUser(), username: staffRow.username, password, id: staff.id, token: staff.token };
    await enrol(staffAccount);
    const mfaToken = await mfaTokenOf(staffAccount);
    const { apiRoutes } = await import("@/lib/api/routes");
    const guarded = apiRoutes.filter((route) => route.access !== "public");
    expect(guarded.filter((route) => route.access === "staff").length).toBeGreaterThan(5);
    for (const route of guarded) {
      const path = route.path.replace(/\{[^}]+\}/g, staff.id);
      const response = await call(route.method.toUpperCase(), path, mfaToken, route.body ? {} : undefined);
      expect(response.status, `${route.method} ${route.path}`).toBe(401);
    }
  });
});

describe("turning off and new recovery codes", () => {
  it("turns off with the password and a code; a wrong code is a 403 and changes nothing", async () => {
    const account = await signUp();
    const { secret, recoveryCodes } = await enrol(account);
    const wrongCode = await call("DELETE", "/api/account/mfa/totp", account.token, {
      password: account.password,
      code: "000000",
    });
    expect(wrongCode.status).toBe(403);
    const wrongPassword = await call("DELETE", "/api/account/mfa/totp", account.token, {
      password: "not-my-password",
      code: totpCode(secret, Date.now() + STEP_MS),
    });
    expect(wrongPassword.status).toBe(403);
    expect((await json(await call("GET", "/api/auth/me", account.token))).user).toMatchObject({ mfaEnabled: true });

    const off = await call("DELETE", "/api/account/mfa/totp", account.token, {
      password: account.password,
      code: recoveryCodes[0],
    });
    expect(off.status).toBe(204);
    expect(await app.db.recoveryCode.count({ where: { userId: account.id } })).toBe(0);
    expect(await app.db.totpFactor.count({ where: { userId: account.id } })).toBe(0);
    const signedIn = await json(await login(account.username, account.password));
    expect(signedIn).toMatchObject({ user: { mfaEnabled: false } });
    expect(signedIn.accessToken).toEqual(expect.any(String));
  });

  it("issues a new set of recovery codes and voids the old one", async () => {
    const account = await signUp();
    const { secret, recoveryCodes: old } = await enrol(account);
    const response = await call("POST", "/api/account/mfa/recovery-codes", account.token, {
      password: account.password,
      code: totpCode(secret, Date.now() + STEP_MS),
    });
    expect(response.status).toBe(200);
    const { recoveryCodes } = (await json(response)) as { recoveryCodes: string[] };
    expect(recoveryCodes).toHaveLength(10);
    expect(recoveryCodes).not.toContain(old[0]);
    expect((await loginMfa(await mfaTokenOf(account), old[1])).status).toBe(401);
    expect((await loginMfa(await mfaTokenOf(account), recoveryCodes[1])).status).toBe(200);
  });

  it("counts wrong codes of these forms toward the lockout", async () => {
    const account = await signUp();
    await enrol(account);
    const ip = freshIp();
    for (let i = 0; i < MAX_FAILURES; i++) {
      const wrong = await call(
        "POST",
        "/api/account/mfa/recovery-codes",
        account.token,
        { password: account.password, code: "000000" },
        ip,
      );
      expect(wrong.status).toBe(403);
    }
    const locked = await call(
      "POST",
      "/api/account/mfa/recovery-codes",
      account.token,
      {
        password: account.password,
        code: "000000",
      },
      ip,
    );
    expect(locked.status).toBe(429);
  });
});
