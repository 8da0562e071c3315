import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stopMailSender } from "@/lib/mail/sender";
import { startServer } from "@/lib/startup";
import { freshIp, json, newUser, startTestApp, type CallOptions, type TestApp } from "./helpers/app";
import { settlesWithin } from "./helpers/private-services";
import { createSmtpCapture, longNumbers, type SmtpCapture, RESET_SUBJECT } from "./helpers/smtp-capture";

/**
 * SMTP down while someone asks for a reset code, and back later, with the app's own start-up
 * (lib/startup.ts: the outbox sender with its default schedule), not a hand-driven round: the
 * request answers 202 at once, the mail waits in the outbox, and the sender's retry delivers it
 * when SMTP returns, with a code that works. mail-outbox.test.ts covers the outbox's rules one by one.
 */

let smtp: SmtpCapture;
let app: TestApp;

const call = (method: string, path: string, options?: CallOptions) =>
  settlesWithin(app.call(method, path, options), 8_000, `${method} ${path}`);

describe("SMTP down during a password reset, back later", () => {
  beforeAll(async () => {
    smtp = await createSmtpCapture({ listening: false });
    app = await startTestApp({ SMTP_URL: smtp.url });
    await startServer();
  });
  afterAll(async () => {
    await stopMailSender();
    await smtp?.close();
    await app?.close();
  });

  it("answers 202 at once, keeps the mail, and delivers a working code once SMTP is back", async () => {
    const member = newUser();
    expect((await call("POST", "/api/auth/register", { body: member, ip: freshIp() })).status).toBe(201);
    expect(
      (await call("POST", "/api/auth/forgot-password", { body: { email: member.email }, ip: freshIp() })).status,
    ).toBe(202);

    // The sender tried at once (the request kicked it) and failed: SMTP is down.
    const row = () => app.db.outboxEmail.findFirstOrThrow({ where: { to: member.email, template: "password-reset" } });
    await expect.poll(async () => (await row()).lastError, { timeout: 10_000 }).toMatch(/ECONNREFUSED/);
    expect(await row()).toMatchObject({ status: "pending", attempts: 1 });

    await smtp.listen();
    const started = Date.now();
    // The default backoff retries after 5 s; the loop looks every 5 s.
    const mail = await smtp.nextMessageTo(member.email, 20_000, RESET_SUBJECT);
    if (process.env.FAULT_TIMINGS) console.info(`delivered ${Date.now() - started} ms after SMTP came back`);
    await expect.poll(async () => (await row()).status).toBe("sent");

    const [code] = longNumbers(mail.text);
    const newPassword = "quiet-harbour-after-storm-7";
    const reset = await call("POST", "/api/auth/reset-password", {
      body: { email: member.email, otp: code, newPassword },
      ip: freshIp(),
    });
    expect(reset.status).toBe(200);
    const login = await call("POST", "/api/auth/login", {
      body: { identifier: member.username, password: newPassword },
      ip: freshIp(),
    });
    expect(login.status).toBe(200);
    expect(await json(login)).toHaveProperty("accessToken");
  });
});
