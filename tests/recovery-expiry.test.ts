import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, expect, it } from "vitest";
import { INVALID_RESET_CODE } from "@/lib/accounts/password-reset";
import { purgeStaleRows } from "@/lib/mail/cleanup";
import { deliverDueMail } from "@/lib/mail/sender";
import { freshIp, json, newUser, startTestApp, type TestApp } from "./helpers/app";
import { createSmtpCapture, longNumbers, type SmtpCapture, RESET_SUBJECT } from "./helpers/smtp-capture";

// A one-second code lifetime for this file only.
let app: TestApp;
let smtp: SmtpCapture;
beforeAll(async () => {
  smtp = await createSmtpCapture();
  app = await startTestApp({ SMTP_URL: smtp.url, OTP_TTL_SECONDS: "1" });
});
afterAll(async () => {
  await app.close();
  await smtp.close();
});

it("refuses a code after OTP_TTL_SECONDS, and the purge removes it", async () => {
  const user = newUser();
  const registered = await json(await app.call("POST", "/api/auth/register", { body: user, ip: freshIp() }));
  const userId = (registered.user as { id: string }).id;
  expect(
    (await app.call("POST", "/api/auth/forgot-password", { body: { email: user.email }, ip: freshIp() })).status,
  ).toBe(202);
  const sentAt = Date.now();
  await deliverDueMail();
  const mail = await smtp.nextMessageTo(user.email, undefined, RESET_SUBJECT);
  const [code] = longNumbers(mail.text);
  // Never more time than the code has: one second is shown as the minimum whole minute.
  expect(mail.text).toContain("valid for 1 minute ");

  await sleep(Math.max(0, sentAt + 1_200 - Date.now()));
  const response = await app.call("POST", "/api/auth/reset-password", {
    body: { email: user.email, otp: code, newPassword: "quiet-harbour-lantern" },
    ip: freshIp(),
  });
  expect(response.status).toBe(400);
  expect((await json(response)).errors).toEqual({ otp: [INVALID_RESET_CODE] });

  expect(await app.db.oneTimeCode.count({ where: { userId, purpose: "password_reset" } })).toBe(1);
  await purgeStaleRows(app.db);
  expect(await app.db.oneTimeCode.count({ where: { userId, purpose: "password_reset" } })).toBe(0);
});
