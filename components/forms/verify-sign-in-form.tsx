"use client";

import { useState } from "react";
import { verifySignInAction } from "@/app/(auth)/sign-in/verify/actions";
import { lazyZodResolver } from "@/components/forms/lazy-zod-resolver";
import { useServerForm } from "@/components/forms/use-server-form";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { TextLink } from "@/components/ui/text-link";
import type { SecondFactorFormValues } from "@/lib/validation/two-factor";

export type CodeKind = "app" | "recovery";

const validation = lazyZodResolver(() =>
  import("@/lib/validation/two-factor").then((module) => module.secondFactorFormSchema),
);

const withNext = (path: string, next: string | undefined, query: Record<string, string> = {}) => {
  const params = new URLSearchParams({ ...query, ...(next ? { next } : {}) }).toString();
  return params ? `${path}?${params}` : path;
};

/**
 * The code after the password. The switch between the app's code and a recovery code is a link
 * (it works before JavaScript loads); each kind gets its own keyboard and autofill.
 */
export function VerifySignInForm({
  next,
  codeKind,
  expired: expiredOnArrival,
}: {
  next?: string;
  codeKind: CodeKind;
  expired: boolean;
}) {
  const [expired, setExpired] = useState(expiredOnArrival);
  const { register, errors, isSubmitting, server, onSubmit } = useServerForm({
    resolver: validation.resolver,
    defaultValues: { code: "" },
    fields: ["code"],
    action: async (values: SecondFactorFormValues) => {
      const state = await verifySignInAction(values, next);
      if (state.expired) setExpired(true);
      return state;
    },
  });

  if (expired) {
    return (
      <div className="flex flex-col gap-5">
        <FormMessage>
          This sign-in has ended: it took longer than 5 minutes, or had too many wrong codes.{" "}
          <TextLink href={withNext("/sign-in", next)} className="text-red-900 underline dark:text-red-100">
            Sign in again
          </TextLink>
        </FormMessage>
      </div>
    );
  }

  const app = codeKind === "app";
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        {app
          ? "Enter the 6-digit code your authenticator app shows for this account."
          : "Enter one of the recovery codes you saved when you turned on two-factor authentication. Each works once."}
      </p>
      <FormMessage>{server.formError}</FormMessage>
      {app ? (
        <Field
          label="Authentication code"
          inputMode="numeric"
          autoComplete="one-time-code"
          autoFocus
          maxLength={12}
          spellCheck={false}
          error={errors.code?.message}
          {...register("code")}
        />
      ) : (
        <Field
          label="Recovery code"
          autoComplete="off"
          autoCapitalize="none"
          autoFocus
          spellCheck={false}
          hint="It looks like xxxxx-xxxxx; capitals and dashes do not matter."
          error={errors.code?.message}
          {...register("code")}
        />
      )}
      <div className="flex flex-wrap-reverse items-center justify-between gap-4">
        <TextLink
          href={withNext("/sign-in/verify", next, app ? { with: "recovery-code" } : {})}
          replace
          className="text-sm"
        >
          {app ? "Use a recovery code" : "Use your authenticator app"}
        </TextLink>
        <Button pending={isSubmitting}>Verify</Button>
      </div>
    </form>
  );
}
