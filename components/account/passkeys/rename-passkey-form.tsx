"use client";

import { renamePasskeyAction } from "@/app/(account)/account/security/passkey-actions";
import { lazyZodResolver } from "@/components/forms/lazy-zod-resolver";
import { useServerForm } from "@/components/forms/use-server-form";
import { Button } from "@/components/ui/button";
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
    <form
      onSubmit={onSubmit}
      onKeyDown={(event) => event.key === "Escape" && !isSubmitting && onCancel()}
      noValidate
      aria-label={`Rename ${name}`}
      className="flex flex-col gap-4 rounded-lg border border-zinc-200 bg-zinc-50/60 p-4 dark:border-zinc-800 dark:bg-zinc-950/40"
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
      <div className="flex flex-wrap gap-3">
        <Button pending={isSubmitting}>Save name</Button>
        <Button type="button" variant="ghost" disabled={isSubmitting} onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
