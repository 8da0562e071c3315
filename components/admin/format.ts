import type { AuditAction } from "@/lib/admin/audit";

/** Display helpers of the staff console (server and client safe). */

export const formatCount = (n: number) => n.toLocaleString("en-US");

/** "2024-05-31 14:02 UTC": staff in many time zones read one clock. */
export function formatTime(value: Date | string | null | undefined): string {
  if (!value) return "—";
  const iso = (value instanceof Date ? value : new Date(value)).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** Every audited action needs words (the type makes a new one a compile error until it has them). */
const ACTION_LABELS: Record<AuditAction, string> & Record<string, string> = {
  update: "Edited",
  delete: "Deleted",
  restore: "Restored",
  activate: "Activated",
  deactivate: "Deactivated",
  sign_out_everywhere: "Signed out everywhere",
  reset_two_factor: "Reset two-factor",
  unlock: "Unlocked",
  send_password_reset: "Sent a password reset",
  // Written by `npm run create-staff`, the operator's command line.
  "create-staff": "Created as staff",
  promote: "Made staff",
};

const FIELD_LABELS: Record<string, string> = {
  email: "E-mail",
  emailVerified: "E-mail verified",
  phoneNumber: "Phone",
  isActive: "Active",
  isStaff: "Staff",
  deletedAt: "Deleted",
  mfaEnabled: "Two-factor",
  sessions: "Live sessions",
  failedSignInCounts: "Failed sign-ins",
};

/** "sign_out_everywhere" → "Sign out everywhere", for a name this file does not know yet. */
const humanize = (name: string) => {
  const words = name
    .replace(/_/g, " ")
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

export const actionLabel = (action: string) => ACTION_LABELS[action] ?? humanize(action);
export const fieldLabel = (field: string) => FIELD_LABELS[field] ?? humanize(field);

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** An audited value as words: a time (shown relative to now), yes/no, a count, or the text. */
export type ShownValue = { time: Date } | { text: string };
export function shownValue(value: unknown): ShownValue {
  if (value === null || value === undefined || value === "") return { text: "—" };
  if (typeof value === "boolean") return { text: value ? "Yes" : "No" };
  if (typeof value === "number") return { text: formatCount(value) };
  if (typeof value === "string" && ISO_TIME.test(value) && !Number.isNaN(Date.parse(value)))
    return { time: new Date(value) };
  return { text: String(value) };
}
