import { Secret, TOTP } from "otpauth";
import { config } from "@/lib/config";

/**
 * Authenticator-app codes (RFC 6238 as every app implements it: SHA-1, 6 digits, 30-second
 * steps), with one step of clock drift either way. Pure: storing secrets and refusing a code's
 * second use are the callers' (lib/two-factor/second-factor.ts).
 */

const PERIOD_SECONDS = 30;
const DRIFT_STEPS = 1;

/** A new 160-bit secret, base32 without padding, as apps and otpauth URIs take it. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(secret: string, label = ""): TOTP {
  return new TOTP({
    // The host names the instance in the app's list, beside the username.
    issuer: new URL(config().appUrl).hostname,
    label,
    algorithm: "SHA1",
    digits: 6,
    period: PERIOD_SECONDS,
    secret: Secret.fromBase32(secret),
  });
}

/** The otpauth:// URI a QR code carries. */
export function otpauthUri(secret: string, username: string): string {
  return totp(secret, username).toString();
}

/** The 30-second step a code was made for, or undefined when it matches none within the drift. */
export function matchingStep(secret: string, code: string, now = Date.now()): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const delta = totp(secret).validate({ token: code, timestamp: now, window: DRIFT_STEPS });
  return delta === null ? undefined : Math.floor(now / 1000 / PERIOD_SECONDS) + delta;
}

/** The code of `secret` at `now`: for tests and the bench, which act as the user's app. */
export function totpCode(secret: string, now = Date.now()): string {
  return totp(secret).generate({ timestamp: now });
}
