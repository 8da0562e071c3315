"use client";

import { useRef, useState, type KeyboardEvent } from "react";
import { deleteAccountAction } from "@/app/(account)/account/self-service-actions";
import { lazyZodResolver } from "@/components/forms/lazy-zod-resolver";
import { useServerForm } from "@/components/forms/use-server-form";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
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
  function onKeyDown(event: KeyboardEvent) {
    if (event.key === "Escape" && !isSubmitting) cancel();
  }

  if (!confirming) {
    return (
      <Button ref={opener} type="button" variant="danger" className="self-start" onClick={() => setConfirming(true)}>
        Delete account
      </Button>
    );
  }
  return (
    <form
      onSubmit={onSubmit}
      onKeyDown={onKeyDown}
      noValidate
      aria-label="Confirm account deletion"
      className="flex flex-col gap-5 rounded-lg border border-red-300 bg-red-50/60 p-4 dark:border-red-900 dark:bg-red-950/30"
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
      <div className="flex flex-wrap gap-3">
        <Button variant="danger" pending={isSubmitting}>
          Delete my account
        </Button>
        <Button type="button" variant="ghost" disabled={isSubmitting} onClick={cancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
