import { decodeJwt, exportJWK, generateKeyPair, SignJWT, type JWTPayload } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueLoginTicket } from "@/lib/accounts/access-token";
import { createStaff } from "@/lib/accounts/create-staff";
import { deliverDueMail } from "@/lib/mail/sender";
import { freshIp, json, startTestApp, TEST_SECRET, type TestApp } from "./helpers/app";
import { memberSession, signIn, staffSession } from "./helpers/admin";
import { createSmtpCapture, longNumbers, type SmtpCapture, RESET_SUBJECT } from "./helpers/smtp-capture";

/**
 * Forged and stale access tokens against GET /api/auth/me and a staff route. Tokens are forged
 * with the app's real signing key (AUTH_SECRET derived as lib/accounts/access-token.ts does), and
 * a control token forged the same way must be accepted: so each refusal below is the attack's
 * doing, not a wrong key. (tests/accounts-tokens.test.ts covers a token of another secret, a bare
 * alg:none token, real expiry and revocation by direct database writes; here revocation goes
 * through the real staff API and the real recovery flow.)
 */

let app: TestApp;
let smtp: SmtpCapture;
let staff: { id: string; token: string };
/** The staff user's real session, which forged tokens name unless a case says otherwise. */
let staffSid: string;
beforeAll(async () => {
  smtp = await createSmtpCapture();
  app = await startTestApp({ SMTP_URL: smtp.url });
  staff = await staffSession(app);
  staffSid = decodeJwt(staff.token).sid as string;
});
afterAll(async () => {
  await app.close();
  await smtp.close();
});

const API_KEY = new TextEncoder().encode(`${TEST_SECRET}:api-access-token`);
const now = () => Math.floor(Date.now() / 1000);
const claimsOf = (sub: string, extra: JWTPayload = {}): JWTPayload => ({
  sub,
  sid: staffSid,
  iss: "accounts",
  aud: "accounts-api",
  iat: now(),
  exp: now() + 3600,
  ...extra,
});
const b64 = (value: unknown) =>
  Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

async function forge(payload: JWTPayload, alg = "HS256", key: Uint8Array = API_KEY): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg, typ: "JWT" }).sign(key);
}

/** The token with its header replaced and the signature kept, or given. */
function reheader(token: string, header: unknown, signature = token.split(".")[2]): string {
  return `${b64(header)}.${token.split(".")[1]}.${signature}`;
}

const me = (token: string) => app.call("GET", "/api/auth/me", { token });
const adminList = (token: string) => app.call("GET", "/api/admin/users", { token });

async function expectProblem(response: Response, status: number, what: string) {
  expect(response.status, what).toBe(status);
  expect(response.headers.get("content-type"), what).toBe("application/problem+json");
  expect(await json(response), what).toMatchObject({ status, type: expect.any(String), title: expect.any(String) });
  if (status === 401) expect(response.headers.get("www-authenticate"), what).toBe("Bearer");
}

async function expectRefusedEverywhere(token: string, what: string) {
  await expectProblem(await me(token), 401, `${what} on /me`);
  await expectProblem(await adminList(token), 401, `${what} on the staff API`);
}

describe("forged access tokens", () => {
  it("accepts the control token forged with the real key (so the forging below is sound)", async () => {
    const token = await forge(claimsOf(staff.id));
    expect((await me(token)).status).toBe(200);
    expect((await adminList(token)).status).toBe(200);
  });

  it("refuses expired, not-yet-valid and wrongly signed tokens", async () => {
    const member = await memberSession(app);
    const spliced = `${(await forge(claimsOf(staff.id))).split(".").slice(0, 2).join(".")}.${member.token.split(".")[2]}`;
    const cases: Array<[string, string]> = [
      ["expired", await forge(claimsOf(staff.id, { iat: now() - 7200, exp: now() - 10 }))],
      ["not valid before an hour from now", await forge(claimsOf(staff.id, { nbf: now() + 3600 }))],
      [
        "signed with AUTH_SECRET itself (the session key), not the derived API key",
        await forge(claimsOf(staff.id), "HS256", new TextEncoder().encode(TEST_SECRET)),
      ],
      ["a staff payload with a member token's signature", spliced],
      ["an empty signature", `${(await forge(claimsOf(staff.id))).split(".").slice(0, 2).join(".")}.`],
    ];
    for (const [what, token] of cases) await expectRefusedEverywhere(token, what);
  });

  it("refuses alg none and every algorithm but HS256, even signed with the real key", async () => {
    const good = await forge(claimsOf(staff.id));
    const { privateKey, publicKey } = await generateKeyPair("RS256");
    const rs256 = await new SignJWT(claimsOf(staff.id))
      .setProtectedHeader({ alg: "RS256", jwk: await exportJWK(publicKey) })
      .sign(privateKey);
    const cases: Array<[string, string]> = [
      ["alg none, no signature", reheader(good, { alg: "none", typ: "JWT" }, "")],
      ["alg none, the real signature kept", reheader(good, { alg: "none" })],
      ["alg NONE", reheader(good, { alg: "NONE" }, "")],
      ["no alg at all", reheader(good, { typ: "JWT" })],
      ["HS512 with the real key", await forge(claimsOf(staff.id), "HS512")],
      ["HS384 with the real key", await forge(claimsOf(staff.id), "HS384")],
      ["an RS256 header over the real HS256 signature", reheader(good, { alg: "RS256", typ: "JWT" })],
      ["RS256 with the attacker's own key embedded (jwk)", rs256],
    ];
    for (const [what, token] of cases) await expectRefusedEverywhere(token, what);
  });

  it("refuses missing or mistyped claims, and tokens meant for something else", async () => {
    const cases: Array<[string, JWTPayload]> = [
      ["no sub", { ...claimsOf(staff.id), sub: undefined }],
      ["sub a number", { ...claimsOf(staff.id), sub: 1 as unknown as string }],
      ["sub a list", { ...claimsOf(staff.id), sub: [staff.id] as unknown as string }],
      ["sub an unknown id", claimsOf("c000000000000000000000000")],
      ["sub SQL", claimsOf("' OR '1'='1")],
      ["no sid", { ...claimsOf(staff.id), sid: undefined }],
      ["sid a number", claimsOf(staff.id, { sid: 1 })],
      ["sid null", claimsOf(staff.id, { sid: null })],
      ["sid that names no session", claimsOf(staff.id, { sid: "AAAAAAAAAAAAAAAAAAAAAA" })],
      ["sid of another user's session", claimsOf(staff.id, { sid: decodeJwt((await memberSession(app)).token).sid })],
      ["sid SQL", claimsOf(staff.id, { sid: "' OR '1'='1" })],
      ["another issuer", claimsOf(staff.id, { iss: "someone-else" })],
      ["no audience", { ...claimsOf(staff.id), aud: undefined }],
      ["the login-ticket audience", claimsOf(staff.id, { aud: "accounts-login-ticket" })],
    ];
    for (const [what, payload] of cases) await expectRefusedEverywhere(await forge(payload), what);
    // A real login ticket (server action → next-auth) must not work as an API token.
    await expectRefusedEverywhere(
      await issueLoginTicket({ userId: staff.id, sessionId: staffSid }),
      "a real login ticket",
    );
  });
});

describe("tokens of users changed through the real flows", () => {
  /** A staff user with an e-mail address, made as an operator makes one (promotion). */
  async function staffWithEmail() {
    const member = await memberSession(app);
    await createStaff({ username: member.username, phoneNumber: member.phoneNumber, password: member.password });
    expect((await adminList(member.token)).status).toBe(200);
    return member;
  }
  const asStaff = (method: string, path: string, body?: unknown) =>
    app.call(method, path, { token: staff.token, body });

  it("refuses a staff user's token once staff soft-deleted them, and once staff deactivated them (even after reactivation)", async () => {
    const deleted = await staffWithEmail();
    expect((await asStaff("DELETE", `/api/admin/users/${deleted.id}`)).status).toBe(204);
    await expectRefusedEverywhere(deleted.token, "token of a soft-deleted user");
    expect((await asStaff("POST", `/api/admin/users/${deleted.id}/restore`)).status).toBe(200);
    await expectRefusedEverywhere(deleted.token, "pre-deletion token after restore");

    const deactivated = await staffWithEmail();
    expect((await asStaff("PATCH", `/api/admin/users/${deactivated.id}`, { isActive: false })).status).toBe(200);
    await expectRefusedEverywhere(deactivated.token, "token of a deactivated user");
    expect((await asStaff("PATCH", `/api/admin/users/${deactivated.id}`, { isActive: true })).status).toBe(200);
    await expectRefusedEverywhere(deactivated.token, "pre-deactivation token after reactivation");
  });

  it("refuses a token from before a password reset done through the recovery flow", async () => {
    const user = await staffWithEmail();
    expect(
      (await app.call("POST", "/api/auth/forgot-password", { body: { email: user.email }, ip: freshIp() })).status,
    ).toBe(202);
    await deliverDueMail();
    const [otp] = longNumbers((await smtp.nextMessageTo(user.email, undefined, RESET_SUBJECT)).text);
    const newPassword = "quiet-harbour-reset-lantern";
    const reset = await app.call("POST", "/api/auth/reset-password", {
      body: { email: user.email, otp, newPassword },
      ip: freshIp(),
    });
    expect(reset.status).toBe(200);
    await expectRefusedEverywhere(user.token, "token from before the reset");
    expect((await adminList(await signIn(app, user.username, newPassword))).status).toBe(200);
  });

  it("answers 403 to a token whose user lost staff access (the token itself stays good for /me)", async () => {
    const demoted = await staffWithEmail();
    expect((await asStaff("PATCH", `/api/admin/users/${demoted.id}`, { isStaff: false })).status).toBe(200);
    await expectProblem(await adminList(demoted.token), 403, "former staff on the staff API");
    await expectProblem(
      await app.call("PATCH", `/api/admin/users/${staff.id}`, { token: demoted.token, body: { isActive: false } }),
      403,
      "former staff editing",
    );
    expect((await me(demoted.token)).status).toBe(200);
  });
});
