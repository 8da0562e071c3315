import { createElement, type ReactElement } from "react";
import { render, toPlainText } from "@react-email/render";
import EmailChangeNoticeEmail from "@/emails/email-change-notice";
import EmailVerificationEmail from "@/emails/email-verification";
import PasswordResetEmail from "@/emails/password-reset";
import type { TemplatedMail } from "./messages";

/**
 * Turns a queued e-mail into what is sent, with the react-email templates of emails/: the HTML,
 * and from that HTML the plain text. Only the sender (and previews) load this module.
 */

export type RenderedMail = { subject: string; html: string; text: string };

export const PASSWORD_RESET_SUBJECT = "Your Accounts password reset code";
export const EMAIL_VERIFICATION_SUBJECT = "Your Accounts e-mail verification code";
export const EMAIL_CHANGE_NOTICE_SUBJECT = "Your Accounts e-mail address is being changed";

function template(mail: TemplatedMail): { subject: string; element: ReactElement } {
  switch (mail.template) {
    case "password-reset":
      return { subject: PASSWORD_RESET_SUBJECT, element: createElement(PasswordResetEmail, mail.props) };
    case "email-verification":
      return { subject: EMAIL_VERIFICATION_SUBJECT, element: createElement(EmailVerificationEmail, mail.props) };
    case "email-change-notice":
      return { subject: EMAIL_CHANGE_NOTICE_SUBJECT, element: createElement(EmailChangeNoticeEmail, mail.props) };
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
