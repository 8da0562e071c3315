import type { WebhookEvent } from "@/lib/webhooks/events";

/** What each event means, in the words staff read beside its checkbox. */
export const EVENT_DESCRIPTIONS: Record<WebhookEvent, string> = {
  "user.created": "A user signed up or was created.",
  "user.updated": "E-mail, phone, active or staff changed, or an e-mail was verified.",
  "user.deleted": "A user deleted their account or staff deleted it.",
  "user.restored": "Staff restored a deleted user.",
  "user.locked_out": "Too many failed sign-ins locked an account.",
  "user.password_changed": "A password was changed or reset.",
  "user.mfa_changed": "Two-factor sign-in was turned on or off.",
  "session.revoked": "A session was ended other than by signing out of it.",
};
