"use client";

import { useState } from "react";
import {
  confirmTotpAction,
  startTotpAction,
  type TotpSetupState,
} from "@/app/(account)/account/security/two-factor-actions";
import { lazyZodResolver } from "@/components/forms/lazy-zod-resolver";
import { useServerForm } from "@/components/forms/use-server-form";
import { InlineForm } from "@/components/ui/inline-form";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { PasswordField } from "@/components/ui/password-field";
import { CopyButton } from "@/components/ui/copy-button";
import { focusOnMount } from "./focus-on-mount";

type Setup = NonNullable<TotpSetupState["setup"]>;

const passwordValidation = lazyZodResolver(() =>
  import("@/lib/validation/two-factor").then((module) => module.startTotpSchema),
);
const codeValidation = lazyZodResolver(() =>
  import("@/lib/validation/two-factor").then((module) => module.confirmTotpSchema),
);

/** Setting up the app: the password, then the QR code and the first code, which turns it on. */
export function TotpSetup({
  username,
  onCancel,
  onEnabled,
}: {
  username: string;
  onCancel: () => void;
  onEnabled: (recoveryCodes: string[]) => void;
}) {
  const [setup, setSetup] = useState<Setup>();
  return setup ? (
    <ScanStep setup={setup} onCancel={onCancel} onEnabled={onEnabled} />
  ) : (
    <PasswordStep username={username} onCancel={onCancel} onStarted={setSetup} />
  );
}

function PasswordStep({
  username,
  onCancel,
  onStarted,
}: {
  username: string;
  onCancel: () => void;
  onStarted: (setup: Setup) => void;
}) {
  const { register, errors, isSubmitting, server, onSubmit } = useServerForm({
    resolver: passwordValidation.resolver,
    defaultValues: { password: "" },
    fields: ["password"],
    action: async (values: { password: string }) => {
      const state = await startTotpAction(values);
      if (state.setup) onStarted(state.setup);
      return state;
    },
  });
  return (
    <InlineForm
      label="Set up an authenticator app"
      submit="Continue"
      pending={isSubmitting}
      onSubmit={onSubmit}
      onCancel={onCancel}
    >
      <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
      <p className="text-sm text-zinc-900 dark:text-zinc-100">Enter your password to set up an authenticator app.</p>
      <FormMessage>{server.formError}</FormMessage>
      <PasswordField
        label="Password"
        autoComplete="current-password"
        autoFocus
        error={errors.password?.message}
        {...register("password")}
      />
    </InlineForm>
  );
}

function ScanStep({
  setup,
  onCancel,
  onEnabled,
}: {
  setup: Setup;
  onCancel: () => void;
  onEnabled: (recoveryCodes: string[]) => void;
}) {
  const { register, errors, isSubmitting, server, onSubmit } = useServerForm({
    resolver: codeValidation.resolver,
    defaultValues: { code: "" },
    fields: ["code"],
    action: async (values: { code: string }) => {
      const state = await confirmTotpAction(values);
      if (state.recoveryCodes) onEnabled(state.recoveryCodes);
      return state;
    },
  });
  const grouped = setup.secret.match(/.{1,4}/g)?.join(" ") ?? setup.secret;
  return (
    <InlineForm
      label="Turn on the authenticator app"
      submit="Turn on"
      pending={isSubmitting}
      onSubmit={onSubmit}
      onCancel={onCancel}
    >
      <h3
        ref={focusOnMount}
        tabIndex={-1}
        className="text-base font-semibold text-zinc-900 outline-none dark:text-zinc-50"
      >
        Scan the QR code
      </h3>
      <ol className="flex list-decimal flex-col gap-1 pl-5 text-sm text-zinc-700 dark:text-zinc-300">
        <li>Open your authenticator app (for example Google Authenticator, 1Password or Aegis) and add an account.</li>
        <li>Scan this QR code, or type in the key instead.</li>
        <li>Enter the 6-digit code the app then shows.</li>
      </ol>
      <div className="flex flex-col items-start gap-4 sm:flex-row sm:items-center">
        {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL made for this one secret */}
        <img
          src={setup.qrCode}
          width={180}
          height={180}
          alt="QR code that adds this account to an authenticator app. If you cannot scan it, type in the key shown beside it."
          className="rounded-md bg-white p-1 ring-1 ring-zinc-200 dark:ring-zinc-700"
        />
        <div className="flex min-w-0 flex-col gap-2">
          <p className="text-sm font-medium text-zinc-900 dark:text-zinc-100">Key to type in</p>
          <code
            data-secret={setup.secret}
            className="self-start rounded bg-zinc-100 px-2 py-1 font-mono text-sm break-words text-zinc-900 dark:bg-zinc-800 dark:text-zinc-100"
          >
            {grouped}
          </code>
          <CopyButton text={setup.secret} what="key" />
        </div>
      </div>
      <FormMessage>{server.formError}</FormMessage>
      <Field
        label="Authentication code"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={12}
        spellCheck={false}
        hint="The 6 digits your app shows now."
        error={errors.code?.message}
        {...register("code")}
      />
    </InlineForm>
  );
}
