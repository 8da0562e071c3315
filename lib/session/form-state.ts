import type { FieldErrors } from "@/lib/errors";

/** What a server action returns to its form: errors keyed by field, or a form-level message. */
export type FormState = {
  fieldErrors?: FieldErrors;
  formError?: string;
  success?: string;
};

/** "2 minutes", "45 seconds": a wait people can read. */
export function describeWait(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 90) return `${s} second${s === 1 ? "" : "s"}`;
  const minutes = Math.ceil(s / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}
