"use client";

import { signUpAction } from "@/app/(auth)/sign-up/actions";
import { lazyZodResolver } from "@/components/forms/lazy-zod-resolver";
import { useServerForm } from "@/components/forms/use-server-form";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { PasswordField } from "@/components/ui/password-field";
import type { FormState } from "@/lib/session/form-state";

const FIELDS = ["username", "phoneNumber", "email", "password"] as const;

const withPassword = lazyZodResolver(() => import("@/lib/validation/auth").then((module) => module.registerFormSchema));
const withoutPassword = lazyZodResolver(() =>
  import("@/lib/validation/auth").then((module) => module.providerSignUpFormSchema),
);

/**
 * Sign-up's fields and rules; the first-run setup sends them to its own action, and the end of a
 * first sign-in with a provider leaves out the password (`password={false}`) and offers the
 * provider's e-mail.
 */
export function SignUpForm({
  action = signUpAction,
  submitLabel = "Create account",
  password = true,
  defaultEmail = "",
}: {
  action?: (values: unknown) => Promise<FormState>;
  submitLabel?: string;
  password?: boolean;
  defaultEmail?: string;
}) {
  // The server parses again with the full rules (phone metadata, common passwords, uniqueness),
  // and is asked even when the browser finds a problem, so that all of them show at once.
  const { register, errors, isSubmitting, server, onSubmit } = useServerForm({
    // One form for both: without the password field, its value is never read, so one type serves.
    resolver: password ? withPassword.resolver : (withoutPassword.resolver as unknown as typeof withPassword.resolver),
    defaultValues: { username: "", phoneNumber: "", email: defaultEmail, password: "" },
    fields: FIELDS,
    action,
    checkOnServer: action,
  });

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5">
      <FormMessage>{server.formError}</FormMessage>
      <Field
        label="Username"
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        hint="3–32 letters, digits, and _ . -"
        error={errors.username?.message}
        {...register("username")}
      />
      <Field
        label="Phone number"
        type="tel"
        autoComplete="tel"
        error={errors.phoneNumber?.message}
        {...register("phoneNumber")}
      />
      <Field
        label="Email (optional)"
        type="email"
        autoComplete="email"
        hint={password ? "Needed to recover your password." : "Needed to set a password or recover your account."}
        error={errors.email?.message}
        {...register("email")}
      />
      {password && (
        <PasswordField
          label="Password"
          autoComplete="new-password"
          hint="At least 8 characters; not a common password."
          error={errors.password?.message}
          {...register("password")}
        />
      )}
      <Button pending={isSubmitting}>{submitLabel}</Button>
    </form>
  );
}
