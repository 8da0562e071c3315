import type { EventType } from "@/lib/events/types";
import type { EventJson } from "@/lib/validation/account";

const LABELS: Record<EventType, string> = {
  sign_up: "Account created",
  sign_in: "Signed in",
  sign_in_failed: "Failed sign-in",
  lockout: "Sign-in locked after failed attempts",
  rate_limited: "Too many requests",
  password_reset_requested: "Password reset requested",
  password_reset: "Password reset",
  password_changed: "Password changed",
  email_change_requested: "E-mail change requested",
  email_verified: "E-mail verified",
  phone_changed: "Phone number changed",
  mfa_enabled: "Two-factor authentication turned on",
  mfa_disabled: "Two-factor authentication turned off",
  recovery_codes_regenerated: "Recovery codes replaced with new ones",
  passkey_added: "Passkey added",
  passkey_removed: "Passkey removed",
  provider_linked: "Sign-in provider linked",
  provider_unlinked: "Sign-in provider unlinked",
  session_ended: "Session ended",
  account_deleted: "Account deleted",
  staff_change: "Changed by staff",
};

/** How a sign-in was proved, beyond the password. */
const SIGN_IN_METHODS: Record<string, string> = {
  totp: "an authenticator code",
  recovery_code: "a recovery code",
  passkey: "a passkey",
  github: "GitHub",
  google: "Google",
  oidc: "single sign-on",
};

/** What an event in the user's activity was, in words; the detail sharpens a few. */
export function eventLabel({ type, detail }: Pick<EventJson, "type" | "detail">): string {
  if (type === "session_ended" && detail?.reason === "sign_out") return "Signed out";
  if (type === "sign_in_failed" && detail?.step === "confirm") return "Wrong password when confirming a change";
  if (type === "email_verified" && detail?.changed === true) return "E-mail changed and verified";
  if (type === "password_changed" && detail?.first === true) return "Password set";
  if (type === "sign_in") {
    const how = typeof detail?.method === "string" ? SIGN_IN_METHODS[detail.method] : undefined;
    const signedIn = how ? `Signed in with ${how}` : "Signed in";
    return detail?.kind === "api" ? `${signedIn} (API)` : signedIn;
  }
  return LABELS[type as EventType] ?? type.replaceAll("_", " ");
}
