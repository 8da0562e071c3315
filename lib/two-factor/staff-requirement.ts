import type { TokenUser } from "@/lib/accounts/token-user";
import { config } from "@/lib/config";
import { SecondFactorRequiredError } from "@/lib/errors";
import { hasPasskey } from "@/lib/passkeys/passkeys";

/**
 * STAFF_MFA_REQUIRED: a staff user needs a second factor (the authenticator app, or a passkey)
 * to use the console and the staff API. A staff session is usually one whose password alone
 * could be phished; this keeps such a password from being enough. Costs nothing when off, and
 * one indexed read for staff who have no TOTP.
 */
export async function hasStaffSecondFactor(user: TokenUser): Promise<boolean> {
  if (!config().staffMfaRequired || user.mfaEnabled) return true;
  return hasPasskey(user.id);
}

/** SecondFactorRequiredError (403, saying to enrol) for a staff user who lacks the required second factor. */
export async function assertStaffSecondFactor(user: TokenUser): Promise<void> {
  if (!(await hasStaffSecondFactor(user))) throw new SecondFactorRequiredError();
}
