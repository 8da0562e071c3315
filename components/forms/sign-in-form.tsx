"use client";

import { signInAction } from "@/app/(auth)/sign-in/actions";
import { lazyZodResolver } from "@/components/forms/lazy-zod-resolver";
import { useServerForm } from "@/components/forms/use-server-form";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { PasswordField } from "@/components/ui/password-field";
import { TextLink } from "@/components/ui/text-link";
import type { LoginInput } from "@/lib/validation/auth";

const validation = lazyZodResolver(() => import("@/lib/validation/auth").then((module) => module.loginSchema));

export function SignInForm({ next, notice }: { next?: string; notice?: string }) {
  const { register, errors, isSubmitting, server, onSubmit } = useServerForm({
    resolver: validation.resolver,
    defaultValues: { identifier: "", password: "" },
    fields: ["identifier", "password"],
    action: (values: LoginInput) => signInAction(values, next),
  });

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5">
      <FormMessage kind="success">{!server.formError ? notice : undefined}</FormMessage>
      <FormMessage>{server.formError}</FormMessage>
      <Field
        label="Username or phone"
        // "webauthn": the browser may offer passkeys here as well as saved passwords.
        autoComplete="username webauthn"
        autoCapitalize="none"
        spellCheck={false}
        error={errors.identifier?.message}
        {...register("identifier")}
      />
      <PasswordField
        label="Password"
        autoComplete="current-password"
        error={errors.password?.message}
        {...register("password")}
      />
      <div className="flex items-center justify-between gap-4">
        <TextLink href="/forgot-password" className="text-sm">
          Forgot password?
        </TextLink>
        <Button pending={isSubmitting}>Sign in</Button>
      </div>
    </form>
  );
}
