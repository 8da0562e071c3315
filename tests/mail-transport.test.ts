import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { config, resetConfigForTests } from "@/lib/config";
import { passwordResetMail } from "@/lib/mail/messages";
import { renderMail } from "@/lib/mail/render";
import { deliverDueMail } from "@/lib/mail/sender";
import { smtpOptions } from "@/lib/mail/transport";
import { freshIp, newUser, startTestApp, type TestApp } from "./helpers/app";
import { longNumbers } from "./helpers/smtp-capture";

describe("SMTP_URL", () => {
  it("reads smtp://, smtps:// and ?starttls=true", () => {
    expect(smtpOptions("smtp://mailer:p%40ss@mail.example.com:2525")).toMatchObject({
      host: "mail.example.com",
      port: 2525,
      secure: false,
      requireTLS: false,
      auth: { user: "mailer", pass: "p@ss" },
    });
    expect(smtpOptions("smtps://u:p@mail.example.com")).toMatchObject({
      secure: true,
      port: undefined,
      requireTLS: false,
    });
    expect(smtpOptions("smtp://u:p@mail.example.com:587?starttls=true")).toMatchObject({
      secure: false,
      requireTLS: true,
    });
    expect(smtpOptions("smtp://[::1]:25")).toMatchObject({ host: "::1", auth: undefined });
  });
});

describe("the password-reset e-mail", () => {
  it("holds the code as the only long number of its plain text, with the lifetime and the reassurance", async () => {
    for (const code of ["000000", "004213", "999999"]) {
      const mail = await renderMail(passwordResetMail("ada@example.com", code, 600));
      expect(longNumbers(mail.text)).toEqual([code]);
      expect(longNumbers(mail.html)).toEqual([code]);
      expect(mail.text).toContain("Accounts");
      expect(mail.text).toContain("valid for 10 minutes");
      expect(mail.text).toContain("If you did not ask for this, ignore this e-mail; your password stays as it is.");
    }
    expect((await renderMail(passwordResetMail("ada@example.com", "123456", 90))).text).toContain(
      "valid for 1 minute ",
    );
  });

  it("links to the reset page with the address filled in, never the code", async () => {
    const mail = await renderMail(passwordResetMail("ada+reset@example.com", "004213", 600));
    const url = `${config().appUrl}/reset-password?email=ada%2Breset%40example.com`;
    expect(resetLink(mail.html)).toBe(url);
    expect(mail.text).toContain(`Enter the code ${url}`);
    expect(url).not.toContain("004213");
  });

  it("keeps the code the only long number, whatever digits the address holds", async () => {
    for (const email of ["123456@example.com", "4155550100@qq.com", "a@1234x.com", "user_1234567@example.com"]) {
      const mail = await renderMail(passwordResetMail(email, "004213", 600));
      expect(longNumbers(mail.text)).toEqual(["004213"]);
      expect(longNumbers(mail.html)).toEqual(["004213"]);
      // The page reads the same address out of the link (URLSearchParams, as Next's searchParams do).
      const link = new URL(resetLink(mail.html) ?? "");
      expect(link.pathname).toBe("/reset-password");
      expect(link.searchParams.get("email")).toBe(email);
      expect(mail.text).toContain(`Enter the code ${link.href}`);
    }
  });

  it("has no link when the public origin itself holds six digits in a row", async () => {
    vi.stubEnv("APP_URL", "https://accounts-123456.example.com");
    resetConfigForTests();
    try {
      const mail = await renderMail(passwordResetMail("ada@example.com", "004213", 600));
      expect(resetLink(mail.html)).toBeUndefined();
      expect(longNumbers(mail.text)).toEqual(["004213"]);
      expect(mail.text).toContain("Enter this code on the reset page");
    } finally {
      vi.unstubAllEnvs();
      resetConfigForTests();
    }
  });
});

/** The href of the mail's "Enter the code" link, if it has one. */
function resetLink(html: string): string | undefined {
  return html.match(/<a href="([^"]*)"[^>]*>.*?Enter the code/)?.[1];
}

describe("without SMTP_URL", () => {
  let app: TestApp;
  let mailDir: string;
  beforeAll(async () => {
    mailDir = await mkdtemp(path.join(tmpdir(), "accounts-mail-"));
    app = await startTestApp({ SMTP_URL: "", MAIL_DIR: mailDir });
  });
  afterAll(async () => {
    await app.close();
    await rm(mailDir, { recursive: true, force: true });
  });

  it("writes each message to MAIL_DIR as an .eml file", async () => {
    const user = newUser();
    expect((await app.call("POST", "/api/auth/register", { body: user, ip: freshIp() })).status).toBe(201);
    expect(
      (await app.call("POST", "/api/auth/forgot-password", { body: { email: user.email }, ip: freshIp() })).status,
    ).toBe(202);
    // The sign-up's verification code and the reset code.
    expect(await deliverDueMail()).toMatchObject({ sent: 2 });

    const files = (await readdir(mailDir)).filter((f) => f.endsWith(".eml"));
    expect(files).toHaveLength(2);
    const mails = await Promise.all(files.map(async (file) => simpleParser(await readFile(path.join(mailDir, file)))));
    expect(mails.map((mail) => mail.subject).sort()).toEqual([
      "Your Accounts e-mail verification code",
      "Your Accounts password reset code",
    ]);
    for (const mail of mails) {
      expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : "").toBe(user.email);
      expect(longNumbers(mail.text ?? "")).toHaveLength(1);
    }
  });
});
