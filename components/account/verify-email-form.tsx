"use client";

import { useEffect } from "react";
import { verifyEmailAction } from "@/app/(account)/account/self-service-actions";
import { lazyZodResolver } from "@/components/forms/lazy-zod-resolver";
import { useServerForm } from "@/components/forms/use-server-form";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import type { VerifyEmailFormValues } from "@/lib/validation/account-forms";

const validation = lazyZodResolver(() =>
  import("@/lib/validation/account-forms").then((module) => module.verifyEmailFormSchema),
);

/** The e-mailed code: it verifies the address it went to (and makes a requested new one the account's). */
export function VerifyEmailForm({
  focus,
  onVerified,
}: {
  /** Move focus to the code field when shown: it appears after a change of e-mail was asked for. */
  focus?: boolean;
  onVerified: (message: string) => void;
}) {
  const { register, setFocus, errors, isSubmitting, server, onSubmit } = useServerForm({
    resolver: validation.resolver,
    defaultValues: { code: "" },
    fields: ["code"],
    action: async (values: VerifyEmailFormValues) => {
      const state = await verifyEmailAction(values);
      if (state.success) onVerified(state.success);
      return state;
    },
  });
  useEffect(() => {
    if (focus) setFocus("code");
  }, [focus, setFocus]);

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <FormMessage>{server.formError}</FormMessage>
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start">
        <Field
          label="Verification code"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          hint="The 6 digits from the e-mail."
          error={errors.code?.message}
          className="sm:w-64"
          {...register("code")}
        />
        <Button pending={isSubmitting} className="self-start sm:mt-7">
          Verify
        </Button>
      </div>
    </form>
  );
}
