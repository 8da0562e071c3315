import { createElement, type ReactElement } from "react";
import { render, toPlainText } from "@react-email/render";
import PasswordResetEmail from "@/emails/password-reset";
import type { TemplatedMail } from "./messages";

/**
 * Turns a queued e-mail into what is sent, with the react-email templates of emails/: the HTML,
 * and from that HTML the plain text. Only the sender (and previews) load this module.
 */

export type RenderedMail = { subject: string; html: string; text: string };

export const PASSWORD_RESET_SUBJECT = "Your Accounts password reset code";

function template(mail: TemplatedMail): { subject: string; element: ReactElement } {
  switch (mail.template) {
    case "password-reset":
      return { subject: PASSWORD_RESET_SUBJECT, element: createElement(PasswordResetEmail, mail.props) };
  }
}

export async function renderMail(mail: TemplatedMail): Promise<RenderedMail> {
  const { subject, element } = template(mail);
  const html = await render(element);
  const text = toPlainText(html, {
    selectors: [
      // Headings as written, not in capitals (html-to-text's default).
      { selector: "h1", options: { uppercase: false } },
    ],
  });
  return { subject, html, text };
}
