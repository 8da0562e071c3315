import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { purgeStaleRows } from "@/lib/mail/cleanup";
import { passwordResetMail } from "@/lib/mail/messages";
import { claimDueMail, queueMail } from "@/lib/mail/outbox";
import { seal } from "@/lib/crypto/sealed";
import { deliverDueMail, startMailSender, stopMailSender } from "@/lib/mail/sender";
import { freshIp, newUser, startTestApp, type TestApp } from "./helpers/app";
import { createSmtpCapture, longNumbers, type SmtpCapture } from "./helpers/smtp-capture";

// SMTP starts down in this file: each test brings the capture server up when it wants it.
let app: TestApp;
let smtp: SmtpCapture;
beforeAll(async () => {
  smtp = await createSmtpCapture({ listening: false });
  app = await startTestApp({ SMTP_URL: smtp.url });
});
afterEach(async () => {
  await stopMailSender();
  await smtp.close();
});
afterAll(() => app.close());

// A backoff the loop test can wait out, and one the stepped tests cannot cross by accident.
const fast = { backoffBaseMs: 50, backoffCapMs: 200 };
const minute = { backoffBaseMs: 60_000, backoffCapMs: 60_000 };
const later = (ms: number) => new Date(Date.now() + ms);

/**
 * A user whose one queued mail is a reset code: signed up without an e-mail (a sign-up with one
 * also queues a verification code), given one afterwards, then asking for a reset.
 */
async function registerAndForget(): Promise<string> {
  const { email, ...user } = newUser();
  expect((await app.call("POST", "/api/auth/register", { body: user, ip: freshIp() })).status).toBe(201);
  await app.db.user.updateMany({ where: { username: user.username as string }, data: { email } });
  expect((await app.call("POST", "/api/auth/forgot-password", { body: { email }, ip: freshIp() })).status).toBe(202);
  return email as string;
}

const rowTo = (to: string) => app.db.outboxEmail.findFirstOrThrow({ where: { to } });

describe("the mail outbox", () => {
  it("keeps a reset mail while SMTP is down and delivers it once SMTP is back", async () => {
    const email = await registerAndForget();
    expect(await deliverDueMail(minute)).toMatchObject({ retrying: 1, sent: 0 });
    const waiting = await rowTo(email);
    expect(waiting).toMatchObject({ status: "pending", attempts: 1 });
    expect(waiting.lastError).toBeTruthy();

    // Not due again before its backoff.
    await smtp.listen();
    expect((await deliverDueMail(minute)).claimed).toBe(0);
    expect(await deliverDueMail({ ...minute, now: later(61_000) })).toMatchObject({ sent: 1 });
    expect(longNumbers((await smtp.nextMessageTo(email)).text)).toHaveLength(1);
    // Delivered: the sealed props (they hold the code) are wiped at once.
    expect(await rowTo(email)).toMatchObject({ status: "sent", attempts: 2, props: "" });
  });

  it("queues a reset mail as its template and sealed props, and renders it only to send it", async () => {
    await smtp.listen();
    const email = await registerAndForget();
    const queued = await rowTo(email);
    expect(queued).toMatchObject({ template: "password-reset", status: "pending" });
    expect(queued.props).toMatch(/^v1\./);
    expect(await deliverDueMail()).toMatchObject({ sent: 1 });
    const mail = await smtp.nextMessageTo(email);
    expect(mail.subject).toBe("Your Accounts password reset code");
    expect(longNumbers(mail.text)).toHaveLength(1);
  });

  it("gives up at once a message whose props do not fit its template", async () => {
    await smtp.listen();
    const to = `misfit_${Date.now()}@example.com`;
    await app.db.outboxEmail.create({
      data: { to, template: "password-reset", props: seal("outbox-body", JSON.stringify({ code: 482915 })) },
    });
    expect(await deliverDueMail()).toMatchObject({ failed: 1, sent: 0 });
    expect(await rowTo(to)).toMatchObject({ status: "failed", attempts: 1 });
    expect(smtp.messages.filter((m) => m.to.includes(to))).toHaveLength(0);
  });

  it("retries on its own once SMTP returns, when the sender loop runs", async () => {
    const email = await registerAndForget();
    startMailSender({ ...fast, intervalMs: 50 });
    await expect.poll(async () => (await rowTo(email)).attempts, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    await smtp.listen();
    await smtp.nextMessageTo(email);
  });

  it("sends right after a request queues mail, without waiting for the next interval", async () => {
    await smtp.listen();
    startMailSender({ intervalMs: 600_000 });
    // Longer than the wait below: only the request's kick can deliver it in time.
    const email = await registerAndForget();
    await smtp.nextMessageTo(email, 5_000);
  });

  it("gives a message up after maxAttempts", async () => {
    const email = await registerAndForget();
    const options = { ...minute, maxAttempts: 2 };
    expect(await deliverDueMail(options)).toMatchObject({ retrying: 1 });
    expect(await deliverDueMail({ ...options, now: later(61_000) })).toMatchObject({ failed: 1 });
    expect(await rowTo(email)).toMatchObject({ status: "failed", attempts: 2 });
    await smtp.listen();
    expect((await deliverDueMail({ ...options, now: later(3_600_000) })).claimed).toBe(0);
  });

  it("never sends one message twice from parallel senders", async () => {
    await smtp.listen();
    const emails = await Promise.all(Array.from({ length: 6 }, registerAndForget));
    const reports = await Promise.all([1, 2, 3].map(() => deliverDueMail({ batchSize: 2 })));
    const rest = await deliverDueMail({ batchSize: 10 });
    expect(reports.reduce((sum, r) => sum + r.sent, rest.sent)).toBe(6);
    for (const email of emails) await smtp.nextMessageTo(email);
    expect(smtp.messages.filter((m) => emails.includes(m.to[0]))).toHaveLength(6);
  });

  it("delivers again a message whose sender died mid-send, once its lease runs out", async () => {
    await smtp.listen();
    const email = await registerAndForget();
    // A sender claims it and is never heard of again.
    expect(await claimDueMail(app.db, { now: new Date(), leaseMs: 120_000, limit: 50 })).not.toHaveLength(0);
    expect((await deliverDueMail()).claimed).toBe(0);
    expect(await deliverDueMail({ now: later(121_000) })).toMatchObject({ sent: 1 });
    await smtp.nextMessageTo(email);
  });

  it("purges delivered mail older than a day and spent or expired codes, and keeps the rest", async () => {
    await smtp.listen();
    const mail = (to: string) => passwordResetMail(to, "123456", 600);
    const [old, recent, pending] = await app.db.$transaction([
      queueMail(app.db, mail("old@example.com")),
      queueMail(app.db, mail("recent@example.com")),
      queueMail(app.db, mail("pending@example.com")),
    ]);
    await app.db.outboxEmail.update({
      where: { id: old.id },
      data: { status: "sent", sentAt: later(-25 * 3_600_000) },
    });
    await app.db.outboxEmail.update({ where: { id: recent.id }, data: { status: "sent", sentAt: later(-3_600_000) } });
    await app.db.outboxEmail.update({ where: { id: pending.id }, data: { nextAttemptAt: later(3_600_000) } });

    const owner = await app.db.user.create({
      data: { username: `purge_${Date.now()}`, phoneNumber: "+12125559876", passwordHash: "x" },
    });
    const other = await app.db.user.create({
      data: { username: `purge2_${Date.now()}`, phoneNumber: "+12125559875", passwordHash: "x" },
    });
    const third = await app.db.user.create({
      data: { username: `purge3_${Date.now()}`, phoneNumber: "+12125559874", passwordHash: "x" },
    });
    await app.db.oneTimeCode.createMany({
      data: [
        { userId: owner.id, purpose: "password_reset", codeHash: "h1", expiresAt: later(-1_000) },
        {
          userId: other.id,
          purpose: "email_verification",
          codeHash: "h2",
          expiresAt: later(600_000),
          usedAt: new Date(),
        },
        { userId: third.id, purpose: "password_reset", codeHash: "h3", expiresAt: later(600_000) },
      ],
    });

    await purgeStaleRows(app.db);
    const left = await app.db.outboxEmail.findMany({
      where: { id: { in: [old.id, recent.id, pending.id] } },
      select: { id: true },
    });
    expect(left.map((r) => r.id).sort()).toEqual([recent.id, pending.id].sort());
    const codes = await app.db.oneTimeCode.findMany({
      where: { userId: { in: [owner.id, other.id, third.id] } },
    });
    expect(codes.map((c) => c.userId)).toEqual([third.id]);
  });
});
