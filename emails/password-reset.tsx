import type { PasswordResetProps } from "@/lib/mail/messages";
import { ButtonLink, CodeBox, MailLayout, Paragraph } from "./_components/mail-layout";

/**
 * The password-reset e-mail. Its plain-text part must contain the code as its only 6-digit
 * number (people and mail clients pick it out), so the template holds no other long numbers:
 * no dates, years or ids, and the link to the reset page carries the address, never the code
 * (lib/mail/messages.ts's resetPageUrl keeps digit runs out of it). Preview it with `npm run email`.
 */
export default function PasswordResetEmail({ code, minutes, resetUrl }: PasswordResetProps) {
  const lifetime = `${minutes} minute${minutes === 1 ? "" : "s"}`;
  return (
    <MailLayout preview="Your code to reset your Accounts password" heading="Reset your password">
      <Paragraph>Enter this code on the reset page to choose a new password:</Paragraph>
      <CodeBox code={code} />
      {resetUrl && <ButtonLink href={resetUrl}>Enter the code</ButtonLink>}
      <Paragraph>The code is valid for {lifetime} and works once. A newer request replaces it.</Paragraph>
      <Paragraph muted>If you did not ask for this, ignore this e-mail; your password stays as it is.</Paragraph>
    </MailLayout>
  );
}

PasswordResetEmail.PreviewProps = {
  code: "482915",
  minutes: 10,
  resetUrl: "http://localhost:3000/reset-password?email=ada%40example.com",
} satisfies PasswordResetProps;
