"use client";

import { forgotPasswordAction } from "@/app/(auth)/forgot-password/actions";
import { lazyZodResolver } from "@/components/forms/lazy-zod-resolver";
import { useServerForm } from "@/components/forms/use-server-form";
import { Button } from "@/components/ui/button";
import { EmailField } from "@/components/ui/email-field";
import { FormMessage } from "@/components/ui/form-message";

const validation = lazyZodResolver(() => import("@/lib/validation/auth").then((module) => module.forgotPasswordSchema));

export function ForgotPasswordForm() {
  // On success the action redirects to /reset-password; only failures come back here.
  const { register, errors, isSubmitting, server, onSubmit } = useServerForm({
    resolver: validation.resolver,
    defaultValues: { email: "" },
    fields: ["email"],
    action: forgotPasswordAction,
  });

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5">
      <FormMessage>{server.formError}</FormMessage>
      <EmailField label="Email" error={errors.email?.message} {...register("email")} />
      <Button pending={isSubmitting}>Send code</Button>
    </form>
  );
}
