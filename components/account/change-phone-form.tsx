"use client";

import { changePhoneAction } from "@/app/(account)/account/self-service-actions";
import { lazyZodResolver } from "@/components/forms/lazy-zod-resolver";
import { useServerForm } from "@/components/forms/use-server-form";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessages } from "@/components/ui/form-message";
import { PasswordField } from "@/components/ui/password-field";
import type { ChangePhoneFormValues } from "@/lib/validation/account-forms";

const FIELDS = ["phoneNumber", "password"] as const;

const validation = lazyZodResolver(() =>
  import("@/lib/validation/account-forms").then((module) => module.changePhoneFormSchema),
);

export function ChangePhoneForm() {
  // The server parses the number (the browser has no phone metadata) and checks it is free.
  const { register, errors, isSubmitting, server, onSubmit } = useServerForm({
    resolver: validation.resolver,
    defaultValues: { phoneNumber: "", password: "" },
    fields: FIELDS,
    resetOnSuccess: true,
    action: (values: ChangePhoneFormValues) => changePhoneAction(values),
  });

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5">
      <FormMessages server={server} />
      <Field
        label="New phone number"
        type="tel"
        autoComplete="tel"
        error={errors.phoneNumber?.message}
        {...register("phoneNumber")}
      />
      <PasswordField
        label="Password"
        autoComplete="current-password"
        error={errors.password?.message}
        {...register("password")}
      />
      <Button pending={isSubmitting} className="self-start">
        Change phone
      </Button>
    </form>
  );
}
