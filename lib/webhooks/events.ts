import type { NewEvent } from "@/lib/events/types";

/** What an endpoint can subscribe to. */
export const WEBHOOK_EVENTS = [
  "user.created",
  "user.updated",
  "user.deleted",
  "user.restored",
  "user.locked_out",
  "user.password_changed",
  "user.mfa_changed",
  "session.revoked",
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** Sent by hand from the console to try an endpoint; never subscribed to. */
export const TEST_EVENT = "webhook.test";

/** What one delivery announces: the event, the user it is about, and the session it ended. */
export type WebhookNotice = { event: WebhookEvent; userId: string; sessionId?: string };

// Signing out everywhere and resetting two-factor are left out: they record their own
// session_ended and mfa_disabled events, which announce them.
const STAFF_ACTIONS = new Map<unknown, WebhookEvent>([
  ["update", "user.updated"],
  ["activate", "user.updated"],
  ["deactivate", "user.updated"],
  ["delete", "user.deleted"],
  ["restore", "user.restored"],
]);

/**
 * The webhook a security event announces, if any. Every change of ours writes exactly one security
 * event (or one per session it ends), so mapping here announces each change exactly once.
 */
export function webhookNoticeOf(event: NewEvent): WebhookNotice | undefined {
  if (!event.userId) return undefined;
  const userId = event.userId;
  const detail = event.detail ?? {};
  switch (event.type) {
    case "sign_up":
      return { event: "user.created", userId };
    case "account_deleted":
      return { event: "user.deleted", userId };
    case "phone_changed":
    case "email_verified":
      return { event: "user.updated", userId };
    case "lockout":
      return { event: "user.locked_out", userId };
    case "password_changed":
    case "password_reset":
      return { event: "user.password_changed", userId };
    case "mfa_enabled":
    case "mfa_disabled":
      return { event: "user.mfa_changed", userId };
    case "session_ended":
      // Signing out of a session is the user's own doing, not a revocation.
      if (detail.reason === "sign_out" || typeof detail.sessionId !== "string") return undefined;
      return { event: "session.revoked", userId, sessionId: detail.sessionId };
    case "staff_change": {
      const mapped = STAFF_ACTIONS.get(detail.action);
      return mapped && { event: mapped, userId };
    }
    default:
      return undefined;
  }
}
