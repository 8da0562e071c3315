/**
 * What the security record holds: one event per sign-in, failure, lockout, rate-limit hit,
 * recovery, self-service change, session end, deletion and staff change. Never a secret: no
 * password, code, token or hash goes into `detail`.
 */
export const EVENT_TYPES = [
  "sign_up",
  "sign_in",
  "sign_in_failed",
  "lockout",
  "rate_limited",
  "password_reset_requested",
  "password_reset",
  "password_changed",
  "email_change_requested",
  "email_verified",
  "phone_changed",
  "mfa_enabled",
  "mfa_disabled",
  "recovery_codes_regenerated",
  "passkey_added",
  "passkey_removed",
  "provider_linked",
  "provider_unlinked",
  "session_ended",
  "account_deleted",
  "staff_change",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Where a request came from, as far as the app can tell (the client-IP rule of the configuration). */
export type ClientInfo = { ip: string; userAgent: string };

type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type EventDetail = Record<string, JsonValue>;

export type NewEvent = {
  type: EventType;
  userId?: string | null;
  /** The staff user, when someone other than the user did it. */
  actorId?: string | null;
  client?: ClientInfo;
  detail?: EventDetail;
};

/** A user agent is the client's text: kept to a length that fits any real browser's. */
export const USER_AGENT_MAX = 512;
export const clippedUserAgent = (userAgent: string | null | undefined): string =>
  (userAgent ?? "").slice(0, USER_AGENT_MAX);
