import { createElement } from "react";
import { render, toPlainText } from "@react-email/render";
import PasswordResetEmail from "@/emails/password-reset";
import type { OutgoingMail } from "./outbox";

export const PASSWORD_RESET_SUBJECT = "Your Accounts password reset code";

/** The reset e-mail to `to`, rendered to HTML and, from that HTML, to plain text. */
export async function renderPasswordResetMail(to: string, code: string, ttlSeconds: number): Promise<OutgoingMail> {
  // Whole minutes, rounded down so the mail never promises more time than the code has.
  const minutes = Math.max(1, Math.floor(ttlSeconds / 60));
  const html = await render(createElement(PasswordResetEmail, { code, minutes }));
  const text = toPlainText(html, {
    selectors: [
      // Headings as written, not in capitals (html-to-text's default).
      { selector: "h1", options: { uppercase: false } },
    ],
  });
  return { to, subject: PASSWORD_RESET_SUBJECT, html, text };
}
