"use client";

import { useRef, useState } from "react";
import { deleteAccountAction } from "@/app/(account)/account/self-service-actions";
import { lazyZodResolver } from "@/components/forms/lazy-zod-resolver";
import { useServerForm } from "@/components/forms/use-server-form";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { InlineForm } from "@/components/ui/inline-form";
import { PasswordField } from "@/components/ui/password-field";
import type { DeleteAccountFormValues } from "@/lib/validation/account-forms";

const validation = lazyZodResolver(() =>
  import("@/lib/validation/account-forms").then((module) => module.deleteAccountFormSchema),
);

/** "Delete account" opens an inline confirmation that asks for the password; on success, sign-in. */
export function DeleteAccountForm() {
  const [confirming, setConfirming] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const { register, reset, errors, isSubmitting, server, onSubmit } = useServerForm({
    resolver: validation.resolver,
    defaultValues: { password: "" },
    fields: ["password"],
    action: (values: DeleteAccountFormValues) => deleteAccountAction(values),
  });

  function cancel() {
    reset();
    setConfirming(false);
    // Back to the button that opened it, once it is rendered again.
    requestAnimationFrame(() => opener.current?.focus());
  }

  if (!confirming) {
    return (
      <Button ref={opener} type="button" variant="danger" className="self-start" onClick={() => setConfirming(true)}>
        Delete account
      </Button>
    );
  }
  return (
    <InlineForm
      label="Confirm account deletion"
      submit="Delete my account"
      variant="danger"
      pending={isSubmitting}
      onSubmit={onSubmit}
      onCancel={cancel}
    >
      <p className="text-sm text-zinc-900 dark:text-zinc-100">
        Enter your password to delete your account. You will be signed out everywhere.
      </p>
      <FormMessage>{server.formError}</FormMessage>
      <PasswordField
        label="Password"
        autoComplete="current-password"
        autoFocus
        error={errors.password?.message}
        {...register("password")}
      />
    </InlineForm>
  );
}
