"use client";

import { useActionState } from "react";
import { sendVerificationCodeAction } from "@/app/(account)/account/self-service-actions";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";

/** A new code to the current (unverified) address; it replaces any earlier one. */
export function SendVerificationCodeForm() {
  const [state, formAction] = useActionState(sendVerificationCodeAction, {});
  return (
    <form action={formAction} className="flex flex-col gap-3">
      <FormMessage kind="success">{state.success}</FormMessage>
      <FormMessage>{state.formError}</FormMessage>
      <Button variant="secondary" className="self-start">
        Send verification code
      </Button>
    </form>
  );
}
