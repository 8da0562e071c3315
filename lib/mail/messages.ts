import { z } from "zod";
import { config } from "@/lib/config";

/**
 * Every e-mail the app sends, described by data: which template, and the props it shows. The
 * domain queues these (outbox.ts); the sender renders them with react-email (render.ts) only
 * when it delivers them, so nothing that queues mail loads React.
 */

export const passwordResetPropsSchema = z.object({
  code: z.string(),
  /** The code's lifetime, in whole minutes. */
  minutes: z.number().int().positive(),
  /** The reset page with the address filled in (never the code). Optional: mail queued before it had none. */
  resetUrl: z.string().optional(),
});
export type PasswordResetProps = z.infer<typeof passwordResetPropsSchema>;

export const emailVerificationPropsSchema = z.object({
  code: z.string(),
  minutes: z.number().int().positive(),
});
export type EmailVerificationProps = z.infer<typeof emailVerificationPropsSchema>;

export const emailChangeNoticePropsSchema = z.object({
  /** The new address with most of it hidden ("j•••@example.com"): the old one learns of the change, not the address. */
  newEmailHint: z.string(),
});
export type EmailChangeNoticeProps = z.infer<typeof emailChangeNoticePropsSchema>;

/** Template name → props. A new e-mail is one more member here and one more template in render.ts. */
export const templatedMailSchema = z.discriminatedUnion("template", [
  z.object({ template: z.literal("password-reset"), props: passwordResetPropsSchema }),
  z.object({ template: z.literal("email-verification"), props: emailVerificationPropsSchema }),
  z.object({ template: z.literal("email-change-notice"), props: emailChangeNoticePropsSchema }),
]);
export type TemplatedMail = z.infer<typeof templatedMailSchema>;

/** An e-mail as the outbox holds it until it is sent. */
export type QueuedMail = TemplatedMail & { to: string };

/** Whole minutes, rounded down (but at least one) so that nothing promises more time than there is. */
export function wholeMinutes(seconds: number): number {
  return Math.max(1, Math.floor(seconds / 60));
}

/** The reset-code e-mail to `to`, for a code that is valid for `ttlSeconds`. */
export function passwordResetMail(to: string, code: string, ttlSeconds: number): QueuedMail {
  const props = { code, minutes: wholeMinutes(ttlSeconds), resetUrl: resetPageUrl(to) };
  return { to, template: "password-reset", props };
}

/**
 * The reset page for `email`, with the address filled in, or undefined when the origin itself
 * holds a run of six digits. The mail's plain text must keep the code as its only such run.
 */
export function resetPageUrl(email: string): string | undefined {
  let address = encodeURIComponent(email);
  // Six digits in a row would read as a second code: then each bare digit is spelt %3N, which the page decodes.
  if (/\d{6}/.test(address)) address = address.replace(/%[0-9A-F]{2}|\d/g, (s) => (s.length === 1 ? `%3${s}` : s));
  const url = `${config().appUrl}/reset-password?email=${address}`;
  return /\d{6}/.test(url) ? undefined : url;
}

/** The verification-code e-mail to `to`, the address the code proves. */
export function emailVerificationMail(to: string, code: string, ttlSeconds: number): QueuedMail {
  return { to, template: "email-verification", props: { code, minutes: wholeMinutes(ttlSeconds) } };
}

/** Tells the current address that a change to another one was asked for. */
export function emailChangeNoticeMail(to: string, newEmail: string): QueuedMail {
  return { to, template: "email-change-notice", props: { newEmailHint: emailHint(newEmail) } };
}

/** "jane@example.com" → "j•••@example.com". */
export function emailHint(email: string): string {
  const at = email.lastIndexOf("@");
  return at <= 0 ? "•••" : `${email[0]}•••${email.slice(at)}`;
}
