"use client";

import { renamePasskeyAction } from "@/app/(account)/account/security/passkey-actions";
import { lazyZodResolver } from "@/components/forms/lazy-zod-resolver";
import { useServerForm } from "@/components/forms/use-server-form";
import { InlineForm } from "@/components/ui/inline-form";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import type { RenamePasskeyFormValues } from "@/lib/validation/passkeys";

const validation = lazyZodResolver(() =>
  import("@/lib/validation/passkeys").then((module) => module.renamePasskeyFormSchema),
);

/** A passkey's new name, in place of its row; Escape or Cancel closes it. */
export function RenamePasskeyForm({
  id,
  name,
  onDone,
  onCancel,
}: {
  id: string;
  name: string;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const { register, errors, isSubmitting, server, onSubmit } = useServerForm({
    resolver: validation.resolver,
    defaultValues: { name },
    fields: ["name"],
    action: async (values: RenamePasskeyFormValues) => {
      const state = await renamePasskeyAction(id, values);
      if (state.success) onDone(state.success);
      return state;
    },
  });
  return (
    <InlineForm
      label={`Rename ${name}`}
      submit="Save name"
      pending={isSubmitting}
      onSubmit={onSubmit}
      onCancel={onCancel}
    >
      <FormMessage>{server.formError}</FormMessage>
      <Field
        label="Passkey name"
        autoComplete="off"
        maxLength={64}
        autoFocus
        error={errors.name?.message}
        {...register("name")}
      />
    </InlineForm>
  );
}
