import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INVALID_RESET_CODE } from "@/lib/accounts/password-reset";
import { deliverDueMail } from "@/lib/mail/sender";
import { freshIp, json, newUser, startTestApp, type TestApp } from "./helpers/app";
import { createSmtpCapture, longNumbers, type SmtpCapture, RESET_SUBJECT } from "./helpers/smtp-capture";

let app: TestApp;
let smtp: SmtpCapture;
beforeAll(async () => {
  smtp = await createSmtpCapture();
  // A low account-wide ceiling, so one test can reach it.
  app = await startTestApp({ SMTP_URL: smtp.url, LOGIN_ACCOUNT_MAX_FAILURES_PER_HOUR: "8" });
});
afterAll(async () => {
  await app.close();
  await smtp.close();
});

async function signedUp(overrides: Record<string, unknown> = {}) {
  const user = newUser(overrides);
  const body = await json(await app.call("POST", "/api/auth/register", { body: user, ip: freshIp() }));
  return { ...user, id: (body.user as { id: string }).id, token: body.accessToken as string };
}

const forgot = (email: unknown, ip = freshIp()) =>
  app.call("POST", "/api/auth/forgot-password", { body: { email }, ip });
const reset = (body: Record<string, unknown>, ip = freshIp()) =>
  app.call("POST", "/api/auth/reset-password", { body, ip });
const login = (identifier: string, password: string, ip = freshIp()) =>
  app.call("POST", "/api/auth/login", { body: { identifier, password }, ip });

/** Asks for a code, lets the outbox deliver it over SMTP, and reads it from the mail. */
async function requestCode(email: string): Promise<string> {
  expect((await forgot(email)).status).toBe(202);
  await deliverDueMail();
  const [code] = longNumbers((await smtp.nextMessageTo(email, undefined, RESET_SUBJECT)).text);
  return code;
}

let passwords = 0;
const strongPassword = () => `quiet-harbour-${++passwords}-lantern`;

async function expectInvalidCode(response: Response) {
  expect(response.status).toBe(400);
  const body = await json(response);
  expect(body.errors).toEqual({ otp: [INVALID_RESET_CODE] });
}

describe("POST /api/auth/forgot-password", () => {
  it("answers the same 202 for a known and an unknown e-mail, and mails only the known one", async () => {
    const user = await signedUp();
    const known = await forgot(user.email.toUpperCase());
    const unknown = await forgot("nobody-here@example.com");
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(await known.json()).toEqual(await unknown.json());
    expect(await app.db.outboxEmail.count({ where: { to: "nobody-here@example.com" } })).toBe(0);
    expect(
      await app.db.outboxEmail.count({ where: { to: user.email, status: "pending", template: "password-reset" } }),
    ).toBe(1);
    await deliverDueMail();
    await smtp.nextMessageTo(user.email, undefined, RESET_SUBJECT);
  });

  it("answers 400 for a malformed e-mail", async () => {
    for (const email of ["not-an-email", "", 42, undefined]) {
      const response = await forgot(email);
      expect(response.status).toBe(400);
      expect(Object.keys((await json(response)).errors ?? {})).toEqual(["email"]);
    }
  });

  it("mails a 6-digit code whose plain text holds no other long number", async () => {
    const user = await signedUp();
    expect((await forgot(user.email)).status).toBe(202);
    await deliverDueMail();
    const mail = await smtp.nextMessageTo(user.email, undefined, RESET_SUBJECT);
    const numbers = longNumbers(mail.text);
    expect(numbers).toHaveLength(1);
    expect(numbers[0]).toMatch(/^\d{6}$/);
    expect(mail.html).toContain(numbers[0]);
    expect(mail.subject).not.toMatch(/\d{6}/);
    expect(mail.text).toContain("Accounts");
    expect(mail.text).toContain("10 minutes");
    expect(mail.text).toContain("If you did not ask for this, ignore this e-mail; your password stays as it is.");
  });

  it("queues nothing for an inactive or deleted account", async () => {
    const inactive = await signedUp();
    const deleted = await signedUp();
    await app.db.user.update({ where: { id: inactive.id }, data: { isActive: false } });
    await app.db.user.update({ where: { id: deleted.id }, data: { deletedAt: new Date() } });
    expect((await forgot(inactive.email)).status).toBe(202);
    expect((await forgot(deleted.email)).status).toBe(202);
    expect(
      await app.db.outboxEmail.count({
        where: { to: { in: [inactive.email, deleted.email] }, template: "password-reset" },
      }),
    ).toBe(0);
  });

  it("stores the code only as a keyed hash, and the queued mail sealed", async () => {
    const user = await signedUp();
    expect((await forgot(user.email)).status).toBe(202);
    const rows = async () =>
      JSON.stringify([
        await app.db.oneTimeCode.findMany({ where: { userId: user.id } }),
        await app.db.outboxEmail.findMany({ where: { to: user.email } }),
      ]);
    const beforeDelivery = await rows();
    await deliverDueMail();
    const [code] = longNumbers((await smtp.nextMessageTo(user.email, undefined, RESET_SUBJECT)).text);
    expect(beforeDelivery).not.toContain(code);
    expect(await rows()).not.toContain(code);
  });

  it("allows RATE_LIMIT_PER_MINUTE requests per client IP, then 429", async () => {
    const ip = freshIp();
    const statuses = await Promise.all(
      Array.from({ length: 21 }, () => forgot("someone@example.com", ip).then((r) => r.status)),
    );
    expect(statuses.filter((s) => s === 202)).toHaveLength(20);
    expect(statuses.filter((s) => s === 429)).toHaveLength(1);
  });
});

describe("POST /api/auth/reset-password", () => {
  it("sets the new password, revokes earlier tokens, and spends the code", async () => {
    const user = await signedUp();
    const code = await requestCode(user.email);
    const newPassword = strongPassword();
    const response = await reset({ email: user.email, otp: code, newPassword });
    expect(response.status).toBe(200);
    expect((await json(response)).detail).toMatch(/reset/);

    expect((await app.call("GET", "/api/auth/me", { token: user.token })).status).toBe(401);
    expect((await login(user.username, user.password)).status).toBe(401);
    const fresh = await login(user.username, newPassword);
    expect(fresh.status).toBe(200);
    expect((await app.call("GET", "/api/auth/me", { token: (await json(fresh)).accessToken as string })).status).toBe(
      200,
    );

    await expectInvalidCode(await reset({ email: user.email, otp: code, newPassword: strongPassword() }));
  });

  it("gives one answer for a wrong code, an unknown e-mail and a user without a code", async () => {
    const user = await signedUp();
    const withoutCode = await signedUp();
    const code = await requestCode(user.email);
    const wrong = code === "000000" ? "000001" : "000000";
    await expectInvalidCode(await reset({ email: user.email, otp: wrong, newPassword: strongPassword() }));
    await expectInvalidCode(
      await reset({ email: "nobody-here@example.com", otp: code, newPassword: strongPassword() }),
    );
    await expectInvalidCode(await reset({ email: withoutCode.email, otp: code, newPassword: strongPassword() }));
  });

  it("reports malformed fields by name without looking at any code", async () => {
    const response = await reset({ email: "nope", otp: "12345", newPassword: "short" });
    expect(response.status).toBe(400);
    expect(Object.keys((await json(response)).errors ?? {}).sort()).toEqual(["email", "newPassword", "otp"]);
  });

  it("refuses an earlier code once a new one was requested", async () => {
    const user = await signedUp();
    const first = await requestCode(user.email);
    let second = await requestCode(user.email);
    while (second === first) second = await requestCode(user.email); // one chance in a million
    await expectInvalidCode(await reset({ email: user.email, otp: first, newPassword: strongPassword() }));
    expect((await reset({ email: user.email, otp: second, newPassword: strongPassword() })).status).toBe(200);
  });

  it("voids the code after OTP_MAX_ATTEMPTS wrong tries", async () => {
    const user = await signedUp();
    const code = await requestCode(user.email);
    const wrong = code === "999999" ? "999998" : "999999";
    for (let i = 0; i < 5; i++)
      await expectInvalidCode(await reset({ email: user.email, otp: wrong, newPassword: strongPassword() }));
    await expectInvalidCode(await reset({ email: user.email, otp: code, newPassword: strongPassword() }));
  });

  it("counts parallel wrong tries atomically: never more than OTP_MAX_ATTEMPTS", async () => {
    const user = await signedUp();
    const code = await requestCode(user.email);
    const wrong = code === "111111" ? "111112" : "111111";
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => reset({ email: user.email, otp: wrong, newPassword: strongPassword() })),
    );
    expect(responses.every((r) => r.status === 400)).toBe(true);
    expect(
      (
        await app.db.oneTimeCode.findUnique({
          where: { userId_purpose: { userId: user.id, purpose: "password_reset" } },
        })
      )?.attempts,
    ).toBe(5);
    await expectInvalidCode(await reset({ email: user.email, otp: code, newPassword: strongPassword() }));
  });

  it("keeps a right code usable when the new password is too weak, and does not count those tries", async () => {
    const user = await signedUp();
    const code = await requestCode(user.email);
    for (const weak of ["password", "short", "12345678901", `my-${user.username}-pw`, "x".repeat(200)]) {
      const response = await reset({ email: user.email, otp: code, newPassword: weak });
      expect(response.status).toBe(400);
      expect(Object.keys((await json(response)).errors ?? {})).toEqual(["newPassword"]);
    }
    expect((await reset({ email: user.email, otp: code, newPassword: strongPassword() })).status).toBe(200);
  });

  it("answers a wrong code with a weak password with the code's error only", async () => {
    const user = await signedUp();
    const code = await requestCode(user.email);
    await expectInvalidCode(
      await reset({ email: user.email, otp: code === "222222" ? "222223" : "222222", newPassword: "password" }),
    );
  });

  it("lets exactly one of several parallel resets with one code succeed", async () => {
    const user = await signedUp();
    const code = await requestCode(user.email);
    const passwords = Array.from({ length: 5 }, strongPassword);
    const responses = await Promise.all(
      passwords.map((newPassword) => reset({ email: user.email, otp: code, newPassword })),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 400)).toHaveLength(4);
    const winner = passwords[statuses.indexOf(200)];
    expect((await login(user.username, winner)).status).toBe(200);
  });

  it("lifts the login lockout of the account, from every IP and account-wide", async () => {
    const user = await signedUp();
    const [a, b] = [freshIp(), freshIp()];
    for (let i = 0; i < 5; i++) expect((await login(user.username, "wrong-password-x", a)).status).toBe(401);
    for (let i = 0; i < 3; i++) expect((await login(user.username, "wrong-password-x", b)).status).toBe(401);
    // Pair A is locked (5 from A) and the account is locked everywhere (8 in all).
    expect((await login(user.username, user.password, a)).status).toBe(429);
    expect((await login(user.username, user.password, freshIp())).status).toBe(429);

    const code = await requestCode(user.email);
    const newPassword = strongPassword();
    expect((await reset({ email: user.email, otp: code, newPassword })).status).toBe(200);
    expect((await login(user.username, newPassword, a)).status).toBe(200);
    expect((await login(user.username, newPassword, b)).status).toBe(200);
    expect((await login(user.username, newPassword, freshIp())).status).toBe(200);
  });

  it("refuses a code once the account is deactivated", async () => {
    const user = await signedUp();
    const code = await requestCode(user.email);
    await app.db.user.update({ where: { id: user.id }, data: { isActive: false } });
    await expectInvalidCode(await reset({ email: user.email, otp: code, newPassword: strongPassword() }));
  });

  it("answers other methods with 405", async () => {
    expect((await app.call("GET", "/api/auth/reset-password")).status).toBe(405);
    expect((await app.call("GET", "/api/auth/forgot-password")).status).toBe(405);
  });
});
