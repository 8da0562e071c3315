"use client";

import { changeEmailAction } from "@/app/(account)/account/self-service-actions";
import { lazyZodResolver } from "@/components/forms/lazy-zod-resolver";
import { useServerForm } from "@/components/forms/use-server-form";
import { Button } from "@/components/ui/button";
import { EmailField } from "@/components/ui/email-field";
import { FormMessages } from "@/components/ui/form-message";
import { PasswordField } from "@/components/ui/password-field";
import type { ChangeEmailFormValues } from "@/lib/validation/account-forms";

const FIELDS = ["email", "password"] as const;

const validation = lazyZodResolver(() =>
  import("@/lib/validation/account-forms").then((module) => module.changeEmailFormSchema),
);

/** Asks to move the account to another address; it changes once the code sent there is entered. */
export function ChangeEmailForm({ onSent }: { onSent: (email: string) => void }) {
  const { register, errors, isSubmitting, server, onSubmit } = useServerForm({
    resolver: validation.resolver,
    defaultValues: { email: "", password: "" },
    fields: FIELDS,
    resetOnSuccess: true,
    action: async (values: ChangeEmailFormValues) => {
      const state = await changeEmailAction(values);
      if (state.success) onSent(values.email);
      return state;
    },
  });

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5">
      <FormMessages server={server} />
      <EmailField label="New email" error={errors.email?.message} {...register("email")} />
      <PasswordField
        label="Password"
        autoComplete="current-password"
        error={errors.password?.message}
        {...register("password")}
      />
      <Button pending={isSubmitting} className="self-start">
        Change e-mail
      </Button>
    </form>
  );
}
