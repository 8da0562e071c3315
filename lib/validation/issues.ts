import type { z } from "zod";
import type { FieldErrors } from "@/lib/errors";

/** Zod issues → `{ field: [messages] }`, the one error shape of forms and problem+json alike. */
export function fieldErrorsOf(error: z.ZodError, rootKey = "body"): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.join(".") : rootKey;
    (errors[key] ??= []).push(issue.message);
  }
  return errors;
}
