"use client";

import { useState } from "react";
import { FormMessage } from "@/components/ui/form-message";
import { ChangeEmailForm } from "./change-email-form";
import { SendVerificationCodeForm } from "./send-verification-code-form";
import { Subsection } from "./subsection";
import { VerifyEmailForm } from "./verify-email-form";

/**
 * Verifying the e-mail and changing it. One code is live at a time: after a change is asked
 * for, the code field completes the change (the code went to the new address).
 */
export function EmailSection({
  email,
  verified,
  pending,
}: {
  email: string | null;
  verified: boolean;
  /** The address a change asked for earlier is waiting on, if any. */
  pending?: string;
}) {
  const [requested, setRequested] = useState<string | undefined>(pending);
  const [notice, setNotice] = useState<string>();
  const awaiting = requested ?? (email && !verified ? email : undefined);

  return (
    <>
      <FormMessage kind="success">{notice}</FormMessage>
      {awaiting && (
        <Subsection
          title="Verify your e-mail"
          description={
            requested
              ? `Enter the code sent to ${requested}. Until then, your e-mail stays as it is.`
              : `Enter the code we e-mailed to ${awaiting}, or ask for a new one.`
          }
        >
          <VerifyEmailForm
            key={awaiting}
            focus={Boolean(requested)}
            onVerified={(message) => {
              setRequested(undefined);
              setNotice(message);
            }}
          />
          {!requested && <SendVerificationCodeForm />}
        </Subsection>
      )}
      <Subsection
        title="Change e-mail"
        description={email ? "A code goes to the new address; the change takes effect once you enter it." : undefined}
      >
        <ChangeEmailForm
          onSent={(address) => {
            setNotice(undefined);
            setRequested(address);
          }}
        />
      </Subsection>
    </>
  );
}
