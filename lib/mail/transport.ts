import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import { config } from "@/lib/config";
import { logger } from "@/lib/log";

/**
 * Where mail goes: SMTP when SMTP_URL is set, else (development) an .eml file per message in
 * MAIL_DIR (default .mail/), announced by a log line. Both build the message with nodemailer.
 */

export type MailMessage = { id: string; to: string; subject: string; text: string; html: string };
export type MailTransport = { send(message: MailMessage): Promise<void> };

/** smtp://user:pass@host:port, smtps://… (TLS from the start), ?starttls=true (TLS required via STARTTLS). */
export function smtpOptions(smtpUrl: string): SMTPTransport.Options {
  const url = new URL(smtpUrl);
  const secure = url.protocol === "smtps:";
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, "$1"),
    // Without a port, nodemailer's defaults: 465 for smtps, 587 (submission) otherwise.
    port: url.port ? Number(url.port) : undefined,
    secure,
    requireTLS: !secure && url.searchParams.get("starttls") === "true",
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    // A dead or silent server must fail the attempt quickly; the outbox retries it later.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  };
}

const headers = { "Auto-Submitted": "auto-generated" };

function smtpTransport(smtpUrl: string, from: string): MailTransport {
  const transporter = nodemailer.createTransport(smtpOptions(smtpUrl));
  return {
    async send(message) {
      await transporter.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        headers,
      });
    },
  };
}

function fileTransport(mailDir: string, from: string): MailTransport {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    async send(message) {
      const info = await composer.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        headers,
      });
      const time = new Date().toISOString().replace(/[:.]/g, "-");
      const file = path.join(mailDir, `${time}-${message.id}.eml`);
      await mkdir(mailDir, { recursive: true });
      await writeFile(file, info.message as Buffer);
      logger.info({ outboxId: message.id, file }, `mail written to ${file} (set SMTP_URL to send it)`);
    },
  };
}

let cached: { key: string; transport: MailTransport } | undefined;

/** The configured transport, rebuilt when the configuration changes (tests switch it). */
export function mailTransport(): MailTransport {
  const { smtpUrl, mailDir, emailFrom } = config();
  const key = JSON.stringify([smtpUrl, mailDir, emailFrom]);
  if (cached?.key !== key) {
    cached = { key, transport: smtpUrl ? smtpTransport(smtpUrl, emailFrom) : fileTransport(mailDir, emailFrom) };
  }
  return cached.transport;
}
