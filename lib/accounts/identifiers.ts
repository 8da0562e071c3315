import { createHmac } from "node:crypto";
import { config } from "@/lib/config";
import { USERNAME_PATTERN } from "@/lib/validation/fields";
import { toE164 } from "@/lib/validation/phone";

/**
 * What a sign-in identifier can name: a username (any case) and/or a phone number (any written
 * form). "4155552671" is both a valid username and a phone number, so both are looked up.
 */
export type IdentifierCandidates = { usernameLower?: string; phoneNumber?: string; normalized: string };

export function identifierCandidates(identifier: string): IdentifierCandidates {
  const text = identifier.trim();
  const usernameLower = USERNAME_PATTERN.test(text) ? text.toLowerCase() : undefined;
  const phoneNumber = toE164(text, config().phoneDefaultRegion);
  return { usernameLower, phoneNumber, normalized: phoneNumber ?? text.toLowerCase() };
}

/**
 * A keyed hash of an account key or identifier: stable enough to count failures and to
 * correlate log lines, useless to someone reading the logs or the limiter's keys.
 */
export function hashIdentifier(value: string): string {
  return createHmac("sha256", config().authSecret).update(`identifier:${value}`).digest("base64url").slice(0, 22);
}
