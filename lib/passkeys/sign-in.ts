import {
  generateAuthenticationOptions,
  verifyAuthenticationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/server";
import { isoBase64URL } from "@simplewebauthn/server/helpers";
import { consumeChallenge, createChallenge } from "@/lib/accounts/auth-challenge";
import { tokenUserSelect, type TokenUser } from "@/lib/accounts/token-user";
import { getDb } from "@/lib/db";
import { UnauthorizedError, ValidationError } from "@/lib/errors";
import { recordAttempt } from "@/lib/events/record";
import type { ClientInfo } from "@/lib/events/types";
import { logger } from "@/lib/log";
import { parseInput } from "@/lib/validation/issues";
import { passkeySignInSchema } from "@/lib/validation/passkeys";
import {
  challengeBytes,
  challengeOf,
  PASSKEY_CHALLENGE_TTL_SECONDS,
  PASSKEY_TIMEOUT_MS,
  relyingParty,
} from "./relying-party";

/**
 * Signing in with a passkey, without a username: the options name no credential (the
 * authenticator offers its discoverable ones), and the answer names its passkey, whose user is
 * the one signed in. User verification is required, so the passkey is two factors on its own
 * (something held, and a PIN or biometric) and no second step follows, TOTP or not.
 */

/** One answer for an unknown passkey, a bad signature, a dead challenge and a user who may not sign in. */
export const PASSKEY_SIGN_IN_FAILED = "That passkey did not sign you in. Try again, or sign in with your password.";

export async function passkeySignInOptions(): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const token = await createChallenge("passkey_sign_in", undefined, PASSKEY_CHALLENGE_TTL_SECONDS);
  return generateAuthenticationOptions({
    rpID: relyingParty().id,
    challenge: challengeBytes(token),
    timeout: PASSKEY_TIMEOUT_MS,
    userVerification: "required",
  });
}

/** The user a passkey's answer signs in, or UnauthorizedError; ValidationError for a malformed body. */
export async function verifyPasskeySignIn(input: unknown, client: ClientInfo): Promise<TokenUser> {
  const { response } = parseInput(passkeySignInSchema, input);
  const challenge = challengeOf(response.response.clientDataJSON);
  if (!challenge) {
    throw new ValidationError({ "response.response.clientDataJSON": ["clientDataJSON is not WebAuthn client data."] });
  }
  const refuse = async (reason: string, userId?: string) => {
    logger.warn({ ip: client.ip, reason, method: "passkey" }, "login failed");
    await recordAttempt({ type: "sign_in_failed", userId, client, detail: { reason, method: "passkey" } });
    return new UnauthorizedError(PASSKEY_SIGN_IN_FAILED);
  };

  const db = await getDb();
  // Spent before anything else is checked: an answer gets one try, and a replay finds it gone.
  if (!(await consumeChallenge(db, "passkey_sign_in", challenge))) throw await refuse("dead challenge");
  const passkey = await db.passkey.findUnique({
    where: { id: response.id },
    // A relation read: the soft-delete scope does not apply, hence deletedAt in the checks below.
    select: {
      id: true,
      userId: true,
      publicKey: true,
      counter: true,
      transports: true,
      user: { select: tokenUserSelect },
    },
  });
  if (!passkey) throw await refuse("unknown passkey");
  if (!passkey.user.isActive || passkey.user.deletedAt !== null) {
    throw await refuse("inactive or deleted", passkey.userId);
  }
  const { userHandle } = response.response;
  if (userHandle !== undefined && userHandleOf(userHandle) !== passkey.userId) {
    throw await refuse("user handle mismatch", passkey.userId);
  }

  const rp = relyingParty();
  const verification = await verifyAuthenticationResponse({
    response: response as AuthenticationResponseJSON,
    expectedChallenge: challenge,
    expectedOrigin: rp.origin,
    expectedRPID: rp.id,
    credential: {
      id: passkey.id,
      publicKey: new Uint8Array(passkey.publicKey),
      counter: Number(passkey.counter),
      transports: passkey.transports,
    },
    requireUserVerification: true,
  }).catch((err: unknown) => {
    logger.info({ err, passkeyId: passkey.id }, "passkey assertion not verified");
    return undefined;
  });
  if (!verification?.verified) throw await refuse("bad signature", passkey.userId);

  // Conditional on the counter read: of two answers verified against one counter, one wins.
  const { count } = await db.passkey.updateMany({
    where: { id: passkey.id, counter: passkey.counter },
    data: {
      counter: BigInt(verification.authenticationInfo.newCounter),
      backedUp: verification.authenticationInfo.credentialBackedUp,
      lastUsedAt: new Date(),
    },
  });
  if (count === 0) throw await refuse("counter moved", passkey.userId);
  return passkey.user;
}

function userHandleOf(userHandle: string): string | undefined {
  try {
    return isoBase64URL.toUTF8String(userHandle);
  } catch {
    return undefined;
  }
}
