import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INVALID_VERIFICATION_CODE } from "@/lib/accounts/email-verification";
import { deliverAllMail } from "./helpers/account";
import { staffSession } from "./helpers/admin";
import { freshIp, json, newUser, startTestApp, type TestApp } from "./helpers/app";
import { createSmtpCapture, longNumbers, RESET_SUBJECT, type SmtpCapture } from "./helpers/smtp-capture";

/**
 * Account self-service and verified e-mail (e-mail, phone, password, deletion, export, activity) through the real API app, real
 * PostgreSQL and a real SMTP capture: codes are read from the mail as a user reads them.
 * Every request that an endpoint rate-limits per IP comes from an IP of its own, unless the test
 * is about one IP (the lockout).
 */

const MAX_FAILURES = 3;
const OTP_MAX_ATTEMPTS = 3;
const VERIFY_SUBJECT = /verif/i;
const NOTICE_SUBJECT = /chang/i;

let app: TestApp;
let smtp: SmtpCapture;
beforeAll(async () => {
  smtp = await createSmtpCapture();
  app = await startTestApp({
    SMTP_URL: smtp.url,
    LOGIN_MAX_FAILURES: String(MAX_FAILURES),
    OTP_MAX_ATTEMPTS: String(OTP_MAX_ATTEMPTS),
  });
});
afterAll(async () => {
  await app.close();
  await smtp.close();
});

type UserJson = { id: string; email: string | null; emailVerified: boolean; phoneNumber: string };

const call = (method: string, path: string, token: string, body?: unknown, ip = freshIp()) =>
  app.call(method, path, { token, body, ip });
const me = (token: string) => app.call("GET", "/api/auth/me", { token });
const userOf = async (token: string) => (await json(await me(token))).user as UserJson;
const login = (identifier: string, password: string, ip = freshIp()) =>
  app.call("POST", "/api/auth/login", { body: { identifier, password }, ip });
const verify = (token: string, code: string) => call("POST", "/api/account/email/verify", token, { code });
const askForCode = (token: string) => call("POST", "/api/account/email/verification", token);

async function signUp(overrides: Record<string, unknown> = {}) {
  const body = newUser(overrides);
  const response = await app.call("POST", "/api/auth/register", { body, ip: freshIp() });
  expect(response.status).toBe(201);
  const data = await json(response);
  return { ...body, id: (data.user as UserJson).id, user: data.user as UserJson, token: data.accessToken as string };
}

async function tokenOf(identifier: string, password: string): Promise<string> {
  const response = await login(identifier, password);
  expect(response.status).toBe(200);
  return (await json(response)).accessToken as string;
}

/** Delivers the outbox and reads the code from the next verification mail to `email`. */
async function verificationCode(email: string): Promise<string> {
  await deliverAllMail();
  const numbers = longNumbers((await smtp.nextMessageTo(email, undefined, VERIFY_SUBJECT)).text);
  expect(numbers).toHaveLength(1);
  return numbers[0];
}

/** Asks for a reset code for `email` and reads it from the mail. */
async function resetCode(email: string): Promise<string> {
  expect((await app.call("POST", "/api/auth/forgot-password", { body: { email }, ip: freshIp() })).status).toBe(202);
  await deliverAllMail();
  return longNumbers((await smtp.nextMessageTo(email, undefined, RESET_SUBJECT)).text)[0];
}

const resetPassword = (email: string, otp: string, newPassword: string) =>
  app.call("POST", "/api/auth/reset-password", { body: { email, otp, newPassword }, ip: freshIp() });

const otherCode = (code: string) => (code === "000000" ? "000001" : "000000");

async function expectInvalidCode(response: Response) {
  expect(response.status).toBe(400);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  expect((await json(response)).errors).toEqual({ code: [INVALID_VERIFICATION_CODE] });
}

let counter = 0;
const unique = () => `${process.pid}_${++counter}`;

describe("e-mail verification", () => {
  it("a sign-up with an e-mail mails a code: subject with 'verif' and not 'reset', one 6-digit number in the text", async () => {
    const user = await signUp();
    expect(user.user.emailVerified).toBe(false);
    expect((await userOf(user.token)).emailVerified).toBe(false);
    await deliverAllMail();
    const mail = await smtp.nextMessageTo(user.email, undefined, VERIFY_SUBJECT);
    expect(mail.subject).not.toMatch(/reset/i);
    const numbers = longNumbers(mail.text);
    expect(numbers).toHaveLength(1);
    expect(numbers[0]).toMatch(/^\d{6}$/);
  });

  it("the e-mailed code makes emailVerified true, and is spent", async () => {
    const user = await signUp();
    const code = await verificationCode(user.email);
    const response = await verify(user.token, code);
    expect(response.status).toBe(200);
    expect((await json(response)).user).toMatchObject({ id: user.id, email: user.email, emailVerified: true });
    expect((await userOf(user.token)).emailVerified).toBe(true);
    await expectInvalidCode(await verify(user.token, code));
  });

  it("a wrong code answers 400 with the one message, and verifies nothing", async () => {
    const user = await signUp();
    const code = await verificationCode(user.email);
    await expectInvalidCode(await verify(user.token, otherCode(code)));
    expect((await userOf(user.token)).emailVerified).toBe(false);
  });

  it(`${OTP_MAX_ATTEMPTS} wrong codes void the code: then the right one gets the same 400`, async () => {
    const user = await signUp();
    const code = await verificationCode(user.email);
    for (let i = 0; i < OTP_MAX_ATTEMPTS; i++) await expectInvalidCode(await verify(user.token, otherCode(code)));
    await expectInvalidCode(await verify(user.token, code));
    expect((await userOf(user.token)).emailVerified).toBe(false);
  });

  it("a new code replaces the old one: the old is refused, the new accepted", async () => {
    const user = await signUp();
    const first = await verificationCode(user.email);
    let second = first;
    while (second === first) {
      // one chance in a million that the codes are equal
      const asked = await askForCode(user.token);
      expect(asked.status).toBe(202);
      expect(typeof (await json(asked)).detail).toBe("string");
      second = await verificationCode(user.email);
    }
    await expectInvalidCode(await verify(user.token, first));
    expect((await verify(user.token, second)).status).toBe(200);
  });

  it("asking for a code for an already verified e-mail answers 409", async () => {
    const user = await signUp();
    expect((await verify(user.token, await verificationCode(user.email))).status).toBe(200);
    const response = await askForCode(user.token);
    expect(response.status).toBe(409);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
  });

  it("asking for a code without an e-mail answers 400", async () => {
    const user = await signUp({ email: undefined });
    expect(user.user.email).toBeNull();
    const response = await askForCode(user.token);
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
  });

  it("two parallel verifies with one code: exactly one 200", async () => {
    const user = await signUp();
    const code = await verificationCode(user.email);
    const statuses = (await Promise.all([verify(user.token, code), verify(user.token, code)])).map((r) => r.status);
    expect(statuses.sort()).toEqual([200, 400]);
  });

  it("a completed password reset marks the e-mail verified", async () => {
    const user = await signUp();
    expect(user.user.emailVerified).toBe(false);
    const newPassword = "amber-valley-reset-55";
    expect((await resetPassword(user.email, await resetCode(user.email), newPassword)).status).toBe(200);
    expect((await userOf(await tokenOf(user.username, newPassword))).emailVerified).toBe(true);
  });

  it("a reset code mailed to an earlier address does not mark a staff-set new address verified", async () => {
    const user = await signUp();
    const otp = await resetCode(user.email);
    const staff = await staffSession(app);
    const newEmail = `staff_set_${unique()}@elsewhere.example`;
    const patch = await call("PATCH", `/api/admin/users/${user.id}`, staff.token, { email: newEmail });
    expect(patch.status).toBe(200);
    expect(((await json(patch)).user as UserJson).emailVerified).toBe(false);

    // The code reached the old address only: it proves nothing about the new one.
    await resetPassword(newEmail, otp, "amber-valley-reset-56");
    const row = await app.db.user.findUnique({ where: { id: user.id }, select: { email: true, emailVerified: true } });
    expect(row).toEqual({ email: newEmail, emailVerified: null });
  });
});

describe("PUT /api/account/email", () => {
  const changeEmail = (token: string, password: string, email: unknown) =>
    call("PUT", "/api/account/email", token, { password, email });

  it("a wrong password answers 403 and sends nothing", async () => {
    const user = await signUp();
    const email = `wrongpw_${unique()}@elsewhere.example`;
    expect((await changeEmail(user.token, "not-my-password-1", email)).status).toBe(403);
    expect(await app.db.outboxEmail.count({ where: { to: email } })).toBe(0);
    expect((await userOf(user.token)).email).toBe(user.email);
  });

  it("a malformed e-mail answers 400 naming email", async () => {
    const user = await signUp();
    const response = await changeEmail(user.token, user.password, "not-an-address");
    expect(response.status).toBe(400);
    expect(Object.keys((await json(response)).errors ?? {})).toEqual(["email"]);
  });

  it("an e-mail of another user answers 409", async () => {
    const user = await signUp();
    const other = await signUp();
    const response = await changeEmail(user.token, user.password, other.email.toUpperCase());
    expect(response.status).toBe(409);
    expect(Object.keys((await json(response)).errors ?? {})).toEqual(["email"]);
  });

  it("answers 202 and changes the e-mail only once the new address's code is verified; the old address is told, without the new one", async () => {
    const user = await signUp();
    const newEmail = `moved_${unique()}@elsewhere.example`;
    const response = await changeEmail(user.token, user.password, newEmail);
    expect(response.status).toBe(202);
    expect(typeof (await json(response)).detail).toBe("string");
    expect(await userOf(user.token)).toMatchObject({ email: user.email });

    const code = await verificationCode(newEmail);
    const notice = await smtp.nextMessageTo(user.email, undefined, NOTICE_SUBJECT);
    for (const part of [notice.subject, notice.text, notice.html]) expect(part.toLowerCase()).not.toContain(newEmail);
    expect((await userOf(user.token)).email).toBe(user.email);

    expect((await verify(user.token, code)).status).toBe(200);
    expect(await userOf(user.token)).toMatchObject({ email: newEmail, emailVerified: true });
  });
});

describe("PUT /api/account/phone", () => {
  const changePhone = (token: string, password: string, phoneNumber: unknown) =>
    call("PUT", "/api/account/phone", token, { password, phoneNumber });

  it("stores any written form as E.164", async () => {
    const user = await signUp();
    for (const [written, stored] of [
      ["(212) 555-8101", "+12125558101"],
      ["212.555.8102", "+12125558102"],
      ["+1 212 555 8103", "+12125558103"],
      ["2125558104", "+12125558104"],
    ]) {
      const response = await changePhone(user.token, user.password, written);
      expect(response.status).toBe(200);
      expect(((await json(response)).user as UserJson).phoneNumber).toBe(stored);
      expect((await userOf(user.token)).phoneNumber).toBe(stored);
    }
  });

  it("a wrong password answers 403 and changes nothing", async () => {
    const user = await signUp();
    expect((await changePhone(user.token, "not-my-password-2", "(212) 555-8201")).status).toBe(403);
    expect((await userOf(user.token)).phoneNumber).toBe(user.user.phoneNumber);
    expect((await app.db.user.findUnique({ where: { id: user.id } }))?.phoneNumber).toBe(user.user.phoneNumber);
  });

  it("a number of another user answers 409", async () => {
    const user = await signUp();
    const other = await signUp();
    const response = await changePhone(user.token, user.password, other.user.phoneNumber);
    expect(response.status).toBe(409);
    expect(Object.keys((await json(response)).errors ?? {})).toEqual(["phoneNumber"]);
  });

  it("a malformed number answers 400 naming phoneNumber", async () => {
    const user = await signUp();
    const response = await changePhone(user.token, user.password, "not a phone");
    expect(response.status).toBe(400);
    expect(Object.keys((await json(response)).errors ?? {})).toEqual(["phoneNumber"]);
  });
});

describe("PUT /api/account/password", () => {
  const changePassword = (token: string, currentPassword: string, newPassword: string) =>
    call("PUT", "/api/account/password", token, { currentPassword, newPassword });

  it("a weak new password answers 400 naming newPassword", async () => {
    const user = await signUp();
    for (const weak of ["short", "1234567890", "password123", user.username]) {
      const response = await changePassword(user.token, user.password, weak);
      expect(response.status).toBe(400);
      expect(Object.keys((await json(response)).errors ?? {})).toEqual(["newPassword"]);
    }
    expect((await me(user.token)).status).toBe(200);
  });

  it("a wrong current password answers 403", async () => {
    const user = await signUp();
    expect((await changePassword(user.token, "not-my-password-3", "violet-canyon-new-11")).status).toBe(403);
    expect((await me(user.token)).status).toBe(200);
    expect((await login(user.username, user.password)).status).toBe(200);
  });

  it("answers 200 with a working token; the caller's old token and every other session get 401; the new password signs in", async () => {
    const user = await signUp();
    const other = await tokenOf(user.username, user.password);
    const newPassword = "violet-canyon-new-12";
    const response = await changePassword(user.token, user.password, newPassword);
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body).toMatchObject({ user: { id: user.id }, tokenType: "Bearer", expiresIn: expect.any(Number) });
    const token = body.accessToken as string;

    expect((await me(token)).status).toBe(200);
    const sessions = (await json(await call("GET", "/api/account/sessions", token))).items as { id: string }[];
    expect(sessions.map((s) => s.id)).toEqual([decodeJwt(token).sid]);
    for (const old of [user.token, other]) expect((await me(old)).status).toBe(401);
    expect((await login(user.username, user.password)).status).toBe(401);
    expect((await login(user.username, newPassword)).status).toBe(200);
  });
});

describe("re-asked passwords and the lockout", () => {
  it(`${MAX_FAILURES} wrong re-asked passwords from one IP lock sign-in from that IP: the right password gets 429`, async () => {
    const user = await signUp();
    const ip = freshIp();
    const wrong = "not-my-password-4";
    expect(
      (await call("PUT", "/api/account/phone", user.token, { password: wrong, phoneNumber: "(212) 555-8301" }, ip))
        .status,
    ).toBe(403);
    expect(
      (
        await call(
          "PUT",
          "/api/account/email",
          user.token,
          { password: wrong, email: `x_${unique()}@elsewhere.example` },
          ip,
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await call(
          "PUT",
          "/api/account/password",
          user.token,
          { currentPassword: wrong, newPassword: "violet-canyon-new-13" },
          ip,
        )
      ).status,
    ).toBe(403);

    const locked = await login(user.username, user.password, ip);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await login(user.username, user.password, freshIp())).status).toBe(200);
  });

  it(`parallel wrong re-asked passwords from one IP get no more than ${MAX_FAILURES} passwords checked`, async () => {
    const user = await signUp();
    const ip = freshIp();
    const responses = await Promise.all(
      Array.from({ length: MAX_FAILURES * 2 }, (_, i) =>
        call(
          "PUT",
          "/api/account/phone",
          user.token,
          { password: `wrong-${i}-pass`, phoneNumber: "(212) 555-8401" },
          ip,
        ),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([...Array(MAX_FAILURES).fill(403), ...Array(MAX_FAILURES).fill(429)]);
  });
});

describe("DELETE /api/account", () => {
  it("a wrong password answers 403 and the account stays", async () => {
    const user = await signUp();
    expect((await call("DELETE", "/api/account", user.token, { password: "not-my-password-5" })).status).toBe(403);
    expect((await me(user.token)).status).toBe(200);
  });

  it("a missing password answers 400", async () => {
    const user = await signUp();
    expect((await call("DELETE", "/api/account", user.token, {})).status).toBe(400);
    expect((await me(user.token)).status).toBe(200);
  });

  it("answers 204; then every session gets 401 and sign-in 401, until a staff restore brings it back", async () => {
    const user = await signUp();
    const other = await tokenOf(user.username, user.password);
    const response = await call("DELETE", "/api/account", user.token, { password: user.password });
    expect(response.status).toBe(204);
    for (const token of [user.token, other]) expect((await me(token)).status).toBe(401);
    expect((await login(user.username, user.password)).status).toBe(401);

    const staff = await staffSession(app);
    expect((await call("POST", `/api/admin/users/${user.id}/restore`, staff.token)).status).toBe(200);
    expect((await login(user.username, user.password)).status).toBe(200);
  });
});

describe("GET /api/account/export", () => {
  it("is a JSON attachment of profile, sessions, providers, passkeys and events, with no password, hash, token or code in it", async () => {
    const user = await signUp();
    const codes = [await verificationCode(user.email)];
    expect((await verify(user.token, codes[0])).status).toBe(200);

    codes.push(await resetCode(user.email));
    const newPassword = "maple-harbour-export-31";
    expect((await resetPassword(user.email, codes[1], newPassword)).status).toBe(200);
    const wrong = "Mistyped-Secret-4417";
    expect((await login(user.username, wrong)).status).toBe(401);
    const tokens = [user.token, await tokenOf(user.username, newPassword), await tokenOf(user.username, newPassword)];
    const caller = tokens[2];
    const pendingEmail = `pending_${unique()}@elsewhere.example`;
    expect(
      (await call("PUT", "/api/account/email", caller, { password: newPassword, email: pendingEmail })).status,
    ).toBe(202);
    codes.push(await verificationCode(pendingEmail));

    const response = await call("GET", "/api/account/export", caller);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.headers.get("content-disposition")).toMatch(/^attachment;.*filename="[^"]+\.json"/);
    const text = await response.text();
    const data = JSON.parse(text) as Record<string, unknown>;

    expect(data.user).toMatchObject({ id: user.id, username: user.username, email: user.email, emailVerified: true });
    const sessions = data.sessions as { id: string; current: boolean }[];
    expect(sessions.map((s) => s.id)).toEqual([decodeJwt(tokens[2]).sid, decodeJwt(tokens[1]).sid]);
    expect(sessions.map((s) => s.current)).toEqual([true, false]);
    expect(data.providers).toEqual([]);
    expect(data.passkeys).toEqual([]);
    const types = (data.events as { type: string }[]).map((e) => e.type);
    for (const type of [
      "sign_up",
      "sign_in",
      "email_verified",
      "password_reset",
      "sign_in_failed",
      "email_change_requested",
    ])
      expect(types).toContain(type);

    for (const secret of [
      user.password,
      newPassword,
      wrong,
      "argon2",
      "passwordHash",
      "tokenVersion",
      "codeHash",
      ...tokens,
    ])
      expect(text).not.toContain(secret);
    for (const code of codes) expect(text).not.toMatch(new RegExp(`(?<!\\d)${code}(?!\\d)`));
  });
});

describe("GET /api/account/events", () => {
  const events = (token: string, query: string) => call("GET", `/api/account/events?${query}`, token);

  it("lists the user's events newest first, page by page", async () => {
    const user = await signUp();
    expect((await login(user.username, "not-my-password-6")).status).toBe(401);
    const second = await tokenOf(user.username, user.password);
    expect((await call("POST", "/api/auth/logout", second)).status).toBe(204);

    const all = await json(await events(user.token, "pageSize=100"));
    expect(all).toMatchObject({ page: 1, pageSize: 100 });
    const items = all.items as { id: string; type: string; at: string; userId: string }[];
    expect(items.map((e) => e.type)).toEqual(["session_ended", "sign_in", "sign_in_failed", "sign_in", "sign_up"]);
    expect(items.every((e) => e.userId === user.id)).toBe(true);
    const times = items.map((e) => Date.parse(e.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    const pages = [];
    for (const page of [1, 2, 3]) {
      const body = await json(await events(user.token, `page=${page}&pageSize=2`));
      expect(body).toMatchObject({ page, pageSize: 2 });
      pages.push(...(body.items as { id: string }[]).map((e) => e.id));
    }
    expect(pages).toEqual(items.map((e) => e.id));
    expect((await json(await events(user.token, "page=4&pageSize=2"))).items).toEqual([]);
  });

  it("answers 400 for pageSize=0 or 1000", async () => {
    const user = await signUp();
    for (const query of ["pageSize=0", "pageSize=1000"]) {
      const response = await events(user.token, query);
      expect(response.status).toBe(400);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
    }
  });
});
