import type { EmailChangeNoticeProps } from "@/lib/mail/messages";
import { MailLayout, Paragraph } from "./_components/mail-layout";

/** Sent to the current address when someone signed in asks to move the account to another. */
export default function EmailChangeNoticeEmail({ newEmailHint }: EmailChangeNoticeProps) {
  return (
    <MailLayout preview="Your Accounts e-mail address is being changed" heading="Your e-mail address is being changed">
      <Paragraph>
        Someone signed in to your account asked to use {newEmailHint} instead of this address. The change takes effect
        only once the new address is verified; until then, this address stays on the account.
      </Paragraph>
      <Paragraph muted>
        If this was not you, reset your password now: that signs everyone else out, and this address can receive the
        reset code until the change is complete.
      </Paragraph>
    </MailLayout>
  );
}

EmailChangeNoticeEmail.PreviewProps = { newEmailHint: "j•••@example.com" } satisfies EmailChangeNoticeProps;
