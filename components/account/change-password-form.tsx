"use client";

import { changePasswordAction } from "@/app/(account)/account/self-service-actions";
import { lazyZodResolver } from "@/components/forms/lazy-zod-resolver";
import { useServerForm } from "@/components/forms/use-server-form";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { PasswordField } from "@/components/ui/password-field";
import type { ChangePasswordFormValues } from "@/lib/validation/account-forms";

const FIELDS = ["currentPassword", "newPassword"] as const;

const changeValidation = lazyZodResolver(() =>
  import("@/lib/validation/account-forms").then((module) => module.changePasswordFormSchema),
);
const setValidation = lazyZodResolver(() =>
  import("@/lib/validation/account-forms").then((module) => module.setPasswordFormSchema),
);

/**
 * Changes the password, or sets the first one of an account that has none (no current password
 * to ask). On success the action signs this browser in again and reloads /account with a notice.
 */
export function ChangePasswordForm({ username, hasPassword }: { username: string; hasPassword: boolean }) {
  // The server adds the common-password and similarity rules, then checks the current password.
  const { register, errors, isSubmitting, server, onSubmit } = useServerForm({
    resolver: (hasPassword ? changeValidation : setValidation).resolver,
    defaultValues: { currentPassword: "", newPassword: "" },
    fields: FIELDS,
    action: (values: ChangePasswordFormValues) => changePasswordAction(values),
  });

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5">
      {/* Lets password managers file the new password under the right account. */}
      <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
      <FormMessage>{server.formError}</FormMessage>
      {hasPassword && (
        <PasswordField
          label="Current password"
          autoComplete="current-password"
          error={errors.currentPassword?.message}
          {...register("currentPassword")}
        />
      )}
      <PasswordField
        label="New password"
        autoComplete="new-password"
        hint="At least 8 characters; not a common password."
        error={errors.newPassword?.message}
        {...register("newPassword")}
      />
      <Button pending={isSubmitting} className="self-start">
        {hasPassword ? "Change password" : "Set password"}
      </Button>
    </form>
  );
}
