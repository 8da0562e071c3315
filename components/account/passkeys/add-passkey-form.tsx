"use client";

import { startRegistration } from "@simplewebauthn/browser";
import { addPasskeyAction, passkeyCreationOptionsAction } from "@/app/(account)/account/security/passkey-actions";
import { lazyZodResolver } from "@/components/forms/lazy-zod-resolver";
import { answerError, ceremonyError } from "@/components/forms/passkey-ceremony-error";
import { useWebAuthnSupport } from "@/components/forms/passkey-sign-in";
import { useServerForm } from "@/components/forms/use-server-form";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessages } from "@/components/ui/form-message";
import type { AddPasskeyFormValues } from "@/lib/validation/passkeys";

const validation = lazyZodResolver(() =>
  import("@/lib/validation/passkeys").then((module) => module.addPasskeyFormSchema),
);

/** "Add a passkey": an optional name, then the browser's own prompt; saved as soon as it answers. */
export function AddPasskeyForm() {
  const supported = useWebAuthnSupport();

  const { register, errors, isSubmitting, server, onSubmit } = useServerForm({
    resolver: validation.resolver,
    defaultValues: { name: "" },
    fields: ["name"],
    resetOnSuccess: true,
    action: async ({ name }: AddPasskeyFormValues) => {
      const started = await passkeyCreationOptionsAction();
      if (!started.options) return started;
      let response;
      try {
        response = await startRegistration({ optionsJSON: started.options });
      } catch (error) {
        return { formError: ceremonyError(error, "add") };
      }
      const added = await addPasskeyAction(response, name);
      return added.fieldErrors?.name ? added : { ...added, formError: answerError(added) };
    },
  });

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-label="Add a passkey"
      className="flex flex-col gap-4 border-t border-zinc-200 pt-6 dark:border-zinc-800"
    >
      <FormMessages server={server} />
      {!supported && (
        <p className="text-sm text-zinc-700 dark:text-zinc-300">
          This browser cannot create passkeys. Try another browser or device.
        </p>
      )}
      <Field
        label="Name (optional)"
        autoComplete="off"
        maxLength={64}
        hint="To tell your passkeys apart, e.g. “Work laptop”."
        error={errors.name?.message}
        {...register("name")}
      />
      <Button
        pending={isSubmitting}
        pendingText="Waiting for your device…"
        disabled={!supported}
        className="self-start"
      >
        Add a passkey
      </Button>
    </form>
  );
}
