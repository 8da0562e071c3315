"use client";

import { resetPasswordAction } from "@/app/(auth)/reset-password/actions";
import { lazyZodResolver } from "@/components/forms/lazy-zod-resolver";
import { useServerForm } from "@/components/forms/use-server-form";
import { Button } from "@/components/ui/button";
import { EmailField } from "@/components/ui/email-field";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { PasswordField } from "@/components/ui/password-field";

const FIELDS = ["email", "otp", "newPassword"] as const;

const validation = lazyZodResolver(() =>
  import("@/lib/validation/auth").then((module) => module.resetPasswordFormSchema),
);

/** `email` comes from the forgot-password step; `notice` says a code may be on its way. */
export function ResetPasswordForm({ email, notice }: { email: string; notice?: string }) {
  // The server adds the common-password and similarity rules, and checks the code first.
  const { register, errors, isSubmitting, server, onSubmit } = useServerForm({
    resolver: validation.resolver,
    defaultValues: { email, otp: "", newPassword: "" },
    fields: FIELDS,
    action: resetPasswordAction,
  });

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5">
      <FormMessage kind="success">{!server.formError ? notice : undefined}</FormMessage>
      <FormMessage>{server.formError}</FormMessage>
      <EmailField label="Email" error={errors.email?.message} {...register("email")} />
      <Field
        label="Code"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={6}
        hint="The 6 digits from the e-mail."
        error={errors.otp?.message}
        {...register("otp")}
      />
      <PasswordField
        label="New password"
        autoComplete="new-password"
        hint="At least 8 characters; not a common password."
        error={errors.newPassword?.message}
        {...register("newPassword")}
      />
      <Button pending={isSubmitting}>Reset password</Button>
    </form>
  );
}
