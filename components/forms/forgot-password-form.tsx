"use client";

import { useForm } from "react-hook-form";
import type { z } from "zod";
import { forgotPasswordAction } from "@/app/(auth)/forgot-password/actions";
import { lazyZodResolver } from "@/components/forms/lazy-zod-resolver";
import { useServerFormState } from "@/components/forms/use-server-form";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import type { forgotPasswordSchema } from "@/lib/validation/auth";

type Values = z.input<typeof forgotPasswordSchema>;

const validation = lazyZodResolver(() => import("@/lib/validation/auth").then((module) => module.forgotPasswordSchema));

export function ForgotPasswordForm() {
  const { register, handleSubmit, setError, formState } = useForm<Values, unknown, z.output<typeof forgotPasswordSchema>>({
    resolver: validation.resolver,
    defaultValues: { email: "" },
  });
  const server = useServerFormState<Values>(["email"], setError);
  const { errors, isSubmitting } = formState;

  // On success the action redirects to /reset-password; only failures come back here.
  const onSubmit = handleSubmit(async (values) => {
    server.clear();
    server.apply(await forgotPasswordAction(values));
  });

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5">
      <FormMessage>{server.formError}</FormMessage>
      <Field
        label="Email"
        type="email"
        autoComplete="email"
        autoCapitalize="none"
        spellCheck={false}
        error={errors.email?.message}
        {...register("email")}
      />
      <Button pending={isSubmitting}>Send code</Button>
    </form>
  );
}
