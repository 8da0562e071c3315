import type { EmailVerificationProps } from "@/lib/mail/messages";
import { CodeBox, MailLayout, Paragraph } from "./_components/mail-layout";

/** The code that proves an address is the user's. Preview it with `npm run email`. */
export default function EmailVerificationEmail({ code, minutes }: EmailVerificationProps) {
  const lifetime = `${minutes} minute${minutes === 1 ? "" : "s"}`;
  return (
    <MailLayout preview="Your code to verify your e-mail address" heading="Verify your e-mail address">
      <Paragraph>Enter this code on your account page to confirm that this address is yours:</Paragraph>
      <CodeBox code={code} />
      <Paragraph>The code is valid for {lifetime} and works once. A newer request replaces it.</Paragraph>
      <Paragraph muted>If you did not ask for this, ignore this e-mail; nothing changes.</Paragraph>
    </MailLayout>
  );
}

EmailVerificationEmail.PreviewProps = { code: "482915", minutes: 10 } satisfies EmailVerificationProps;
