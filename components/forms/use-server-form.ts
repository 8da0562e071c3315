"use client";

import { useState } from "react";
import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import type { FormState } from "@/lib/session/form-state";

/**
 * Applies a server action's answer to a react-hook-form form: each field's errors beside it
 * (first message), anything not about a known field as the form's message.
 */
export function useServerFormState<T extends FieldValues>(fields: readonly Path<T>[], setError: UseFormSetError<T>) {
  const [formError, setFormError] = useState<string>();
  const [success, setSuccess] = useState<string>();

  function apply(state: FormState | undefined) {
    setFormError(state?.formError);
    setSuccess(state?.success);
    const unplaced: string[] = [];
    for (const [field, messages] of Object.entries(state?.fieldErrors ?? {})) {
      if ((fields as readonly string[]).includes(field)) {
        setError(field as Path<T>, { type: "server", message: messages[0] }, { shouldFocus: true });
      } else {
        unplaced.push(...messages);
      }
    }
    if (unplaced.length > 0) setFormError(unplaced.join(" "));
  }

  return { formError, success, apply, clear: () => (setFormError(undefined), setSuccess(undefined)) };
}
