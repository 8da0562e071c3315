import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { freePort } from "./ports";

/**
 * A real SMTP server in the test process (smtp-server + mailparser) that keeps every message it
 * receives. It owns one port from the start, listening or not, so a test can have SMTP "down"
 * while a request is made and bring it up later on the same address.
 */

export type CapturedMail = { to: string[]; from: string; subject: string; text: string; html: string; raw: Buffer };

export type SmtpCapture = {
  port: number;
  /** For SMTP_URL. */
  url: string;
  messages: CapturedMail[];
  listen(): Promise<void>;
  /** Stops listening (SMTP down); messages are kept. */
  close(): Promise<void>;
  /** The oldest message to `address` not returned before, waiting for it if need be. */
  /** The first mail to `address` not returned before, whose subject matches `subject` when given. */
  nextMessageTo(address: string, timeoutMs?: number, subject?: RegExp): Promise<CapturedMail>;
};

export async function createSmtpCapture(options: { listening?: boolean } = {}): Promise<SmtpCapture> {
  const port = await freePort();
  const messages: CapturedMail[] = [];
  const returned = new Set<CapturedMail>();
  const waiters = new Set<() => void>();
  let server: SMTPServer | undefined;

  const build = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", async () => {
          const raw = Buffer.concat(chunks);
          const parsed = await simpleParser(raw);
          messages.push({
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            from: parsed.from?.text ?? "",
            subject: parsed.subject ?? "",
            text: parsed.text ?? "",
            html: typeof parsed.html === "string" ? parsed.html : "",
            raw,
          });
          for (const wake of waiters) wake();
          callback();
        });
      },
    });

  const capture: SmtpCapture = {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    async listen() {
      if (server) return;
      server = build();
      await new Promise<void>((resolve, reject) => {
        server!.once("error", reject);
        server!.listen(port, "127.0.0.1", () => resolve());
      });
    },
    async close() {
      const closing = server;
      server = undefined;
      if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
    },
    nextMessageTo(address, timeoutMs = 10_000, subject) {
      const wanted = address.toLowerCase();
      const take = () => {
        const found = messages.find(
          (m) => !returned.has(m) && m.to.includes(wanted) && (!subject || subject.test(m.subject)),
        );
        if (found) returned.add(found);
        return found;
      };
      return new Promise((resolve, reject) => {
        const wake = () => {
          const found = take();
          if (!found) return;
          waiters.delete(wake);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(
            new Error(
              `no mail to ${address}${subject ? ` with a subject like ${subject}` : ""} within ${timeoutMs} ms`,
            ),
          );
        }, timeoutMs);
        waiters.add(wake);
        wake();
      });
    },
  };
  if (options.listening !== false) await capture.listen();
  return capture;
}

/**
 * Every run of six or more digits in a text. A reset mail's plain text must hold exactly one,
 * the code; longer runs count too, since a client's "\d{6}" would find a code inside them.
 */
export function longNumbers(text: string): string[] {
  return text.match(/\d{6,}/g) ?? [];
}

/** Reset-code mails only: sign-ups with an e-mail also receive a verification code. */
export const RESET_SUBJECT = /reset/i;
