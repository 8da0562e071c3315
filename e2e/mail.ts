import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { simpleParser } from "mailparser";
import { expect } from "./fixtures";

/** Where e2e/web-server.mjs's SMTP capture saves what the built app sends (set in playwright.config.ts). */
export const CAPTURED_MAIL_DIR = process.env.E2E_CAPTURED_MAIL_DIR ?? "";

export const RESET_MAIL = /reset/i;
export const VERIFICATION_MAIL = /verif/i;

/**
 * The code of the newest .eml in `dir` to `address` whose subject matches `subject`, if one has
 * arrived: a sign-up with an e-mail is sent a verification code too, so the subject says which.
 */
async function codeMailedTo(dir: string, address: string, subject: RegExp): Promise<string | undefined> {
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith(".eml"));
  for (const file of files.sort().reverse()) {
    const mail = await simpleParser(await readFile(path.join(dir, file)));
    const to = mail.to && !Array.isArray(mail.to) ? mail.to.text : "";
    if (to.toLowerCase() === address.toLowerCase() && subject.test(mail.subject ?? "")) {
      return mail.text?.match(/\d{6}/)?.[0];
    }
  }
  return undefined;
}

/** Waits for that code to arrive (up to `timeout` ms) and returns it. */
export async function mailedCode(
  address: string,
  subject: RegExp,
  { dir = CAPTURED_MAIL_DIR, timeout = 15_000 }: { dir?: string; timeout?: number } = {},
): Promise<string> {
  let code: string | undefined;
  await expect.poll(async () => (code = await codeMailedTo(dir, address, subject)), { timeout }).toMatch(/^\d{6}$/);
  return code as string;
}
