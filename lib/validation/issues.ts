import type { z } from "zod";
import { ValidationError, type FieldErrors } from "@/lib/errors";

/** Zod issues → `{ field: [messages] }`, the one error shape of forms and problem+json alike. */
export function fieldErrorsOf(error: z.ZodError, rootKey = "body"): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.join(".") : rootKey;
    (errors[key] ??= []).push(issue.message);
  }
  return errors;
}

/** `input` parsed by `schema`, or a ValidationError (400) with every field's messages. */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new ValidationError(fieldErrorsOf(parsed.error));
  return parsed.data;
}
