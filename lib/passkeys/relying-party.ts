import { isoBase64URL } from "@simplewebauthn/server/helpers";
import { config } from "@/lib/config";

/**
 * The relying party every passkey is bound to: APP_URL's host names it, and its origin is the
 * only one a response may come from. A change of APP_URL's host makes earlier passkeys unusable,
 * as WebAuthn intends.
 */
export function relyingParty() {
  const origin = config().appUrl;
  const id = new URL(origin).hostname;
  return { id, name: id, origin };
}

/** How long a ceremony may take, from options to response: the challenge's lifetime. */
export const PASSKEY_CHALLENGE_TTL_SECONDS = 300;
export const PASSKEY_TIMEOUT_MS = PASSKEY_CHALLENGE_TTL_SECONDS * 1000;

/**
 * A challenge token (base64url) as the bytes to sign. Handed to the options as bytes, not as a
 * string (which the library would take as UTF-8 text), so the challenge that comes back in
 * clientDataJSON is the token itself, and names its server-side row.
 */
export const challengeBytes = (token: string) => isoBase64URL.toBuffer(token);

/**
 * The challenge a response answers, read from its clientDataJSON (base64url JSON); undefined
 * when that is not JSON with a string challenge. The signature over it is checked later.
 */
export function challengeOf(clientDataJSON: string): string | undefined {
  try {
    const data: unknown = JSON.parse(isoBase64URL.toUTF8String(clientDataJSON));
    const challenge = (data as { challenge?: unknown } | null)?.challenge;
    return typeof challenge === "string" && /^[A-Za-z0-9_-]{1,128}$/.test(challenge) ? challenge : undefined;
  } catch {
    return undefined;
  }
}
