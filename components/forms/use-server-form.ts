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
 * errors beside it (first message), anything not about one of `fields` as the form's message, and
 * the first field with an error (in `fields` order) focused.
 *
 * The browser knows only some of the server's rules (a phone number's validity, common
 * passwords, taken values). With `checkOnServer`, a submit the browser finds wrong is sent there
 * as typed as well, so that every field's problem shows at once instead of in rounds.
 */
export function useServerForm<TInput extends FieldValues, TOutput>(options: {
  resolver: Resolver<TInput, unknown, TOutput>;
  defaultValues: DefaultValues<TInput>;
  fields: readonly Path<TInput>[];
  action: (values: TOutput) => Promise<FormState | undefined>;
  checkOnServer?: (values: TInput) => Promise<FormState | undefined>;
  /** Empty the fields once the server reports success (a change form, ready for the next one). */
  resetOnSuccess?: boolean;
}) {
  const form = useForm<TInput, unknown, TOutput>({ resolver: options.resolver, defaultValues: options.defaultValues });
  const server = useServerFormState<TInput>(options.fields, form.setError, form.setFocus);
  const { action, checkOnServer } = options;
  const send = async (answer: Promise<FormState | undefined>) => {
    server.clear();
    const state = await answer;
    if (state?.success && options.resetOnSuccess) form.reset();
    server.apply(state);
  };
  const onSubmit = form.handleSubmit(
    (values) => send(action(values)),
    checkOnServer && (() => send(checkOnServer(form.getValues()))),
  );
  return { ...form, errors: form.formState.errors, isSubmitting: form.formState.isSubmitting, server, onSubmit };
}

function useServerFormState<T extends FieldValues>(
  fields: readonly Path<T>[],
  setError: UseFormSetError<T>,
  setFocus: (field: Path<T>) => void,
) {
  const [formError, setFormError] = useState<string>();
  const [success, setSuccess] = useState<string>();

  function apply(state: FormState | undefined) {
    setFormError(state?.formError);
    setSuccess(state?.success);
    const fieldErrors = state?.fieldErrors ?? {};
    const unplaced: string[] = [];
    for (const [field, messages] of Object.entries(fieldErrors)) {
      if ((fields as readonly string[]).includes(field)) {
        setError(field as Path<T>, { type: "server", message: messages[0] });
      } else {
        unplaced.push(...messages);
      }
    }
    if (unplaced.length > 0) setFormError(unplaced.join(" "));
    const first = fields.find((field) => field in fieldErrors);
    if (first) setFocus(first);
  }

  return { formError, success, apply, clear: () => (setFormError(undefined), setSuccess(undefined)) };
}
