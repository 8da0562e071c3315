"use client";

import { useState } from "react";
import {
  useForm,
  type DefaultValues,
  type FieldValues,
  type Path,
  type Resolver,
  type UseFormSetError,
} from "react-hook-form";
import type { FormState } from "@/lib/session/form-state";

/**
 * A react-hook-form form bound to a server action: validated in the browser by `resolver` (see
 * lazy-zod-resolver.ts), then sent to `action`, whose answer is applied to the form: each field's
 * errors beside it (first message), anything not about one of `fields` as the form's message.
 */
export function useServerForm<TInput extends FieldValues, TOutput>(options: {
  resolver: Resolver<TInput, unknown, TOutput>;
  defaultValues: DefaultValues<TInput>;
  fields: readonly Path<TInput>[];
  action: (values: TOutput) => Promise<FormState | undefined>;
}) {
  const form = useForm<TInput, unknown, TOutput>({ resolver: options.resolver, defaultValues: options.defaultValues });
  const server = useServerFormState<TInput>(options.fields, form.setError);
  const onSubmit = form.handleSubmit(async (values) => {
    server.clear();
    server.apply(await options.action(values));
  });
  return { ...form, errors: form.formState.errors, isSubmitting: form.formState.isSubmitting, server, onSubmit };
}

function useServerFormState<T extends FieldValues>(fields: readonly Path<T>[], setError: UseFormSetError<T>) {
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
