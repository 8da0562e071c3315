"use client";

import type { ReactNode } from "react";
import { lazyZodResolver } from "@/components/forms/lazy-zod-resolver";
import { useServerForm } from "@/components/forms/use-server-form";
import type { ButtonVariant } from "@/components/ui/button-styles";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { InlineForm } from "@/components/ui/inline-form";
import { PasswordField } from "@/components/ui/password-field";
import type { FormState } from "@/lib/session/form-state";
import type { PasswordAndCode } from "@/lib/validation/two-factor";

const validation = lazyZodResolver(() =>
  import("@/lib/validation/two-factor").then((module) => module.passwordAndCodeSchema),
);

/** The password and a current code, asked before a change to two-factor itself; Escape or Cancel closes it. */
export function PasswordAndCodeForm<S extends FormState>({
  label,
  intro,
  submit,
  variant = "primary",
  username,
  action,
  onDone,
  onCancel,
}: {
  label: string;
  intro: ReactNode;
  submit: string;
  variant?: ButtonVariant;
  username: string;
  action: (values: PasswordAndCode) => Promise<S>;
  onDone: (state: S) => void;
  onCancel: () => void;
}) {
  const { register, errors, isSubmitting, server, onSubmit } = useServerForm({
    resolver: validation.resolver,
    defaultValues: { password: "", code: "" },
    fields: ["password", "code"],
    action: async (values: PasswordAndCode) => {
      const state = await action(values);
      if (!state.fieldErrors && !state.formError) onDone(state);
      return state;
    },
  });
  return (
    <InlineForm
      label={label}
      submit={submit}
      variant={variant}
      pending={isSubmitting}
      onSubmit={onSubmit}
      onCancel={onCancel}
    >
      <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
      <p className="text-sm text-zinc-900 dark:text-zinc-100">{intro}</p>
      <FormMessage>{server.formError}</FormMessage>
      <PasswordField
        label="Password"
        autoComplete="current-password"
        autoFocus
        error={errors.password?.message}
        {...register("password")}
      />
      <Field
        label="Authentication or recovery code"
        autoComplete="one-time-code"
        autoCapitalize="none"
        spellCheck={false}
        hint="The 6 digits your app shows now, or one of your recovery codes."
        error={errors.code?.message}
        {...register("code")}
      />
    </InlineForm>
  );
}
