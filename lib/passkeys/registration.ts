import {
  generateRegistrationOptions,
  verifyRegistrationResponse,
  type PublicKeyCredentialCreationOptionsJSON,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { consumeChallenge, createChallenge } from "@/lib/accounts/auth-challenge";
import type { TokenUser } from "@/lib/accounts/token-user";
import { getDb } from "@/lib/db";
import { ValidationError } from "@/lib/errors";
import { recordEvents } from "@/lib/events/record";
import type { ClientInfo } from "@/lib/events/types";
import { Prisma } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/log";
import { parseInput } from "@/lib/validation/issues";
import { addPasskeySchema } from "@/lib/validation/passkeys";
import { defaultPasskeyName } from "./default-name";
import { passkeySelect, type PasskeyInfo } from "./passkeys";
import {
  challengeBytes,
  challengeOf,
  PASSKEY_CHALLENGE_TTL_SECONDS,
  PASSKEY_TIMEOUT_MS,
  relyingParty,
} from "./relying-party";

/**
 * Adding a passkey: options for the signed-in user's browser, then its answer verified and saved
 * at once. Passkeys here are discoverable (the sign-in asks no username) and verify the user (a
 * PIN or biometric), which is what lets a passkey sign-in skip the second step.
 */

export const PASSKEY_NOT_VERIFIED = "The passkey could not be verified. Try adding it again.";
export const PASSKEY_TAKEN = "This passkey is already registered.";

export async function passkeyRegistrationOptions(user: TokenUser): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const db = await getDb();
  const existing = await db.passkey.findMany({ where: { userId: user.id }, select: { id: true, transports: true } });
  const token = await createChallenge(
    "passkey_registration",
    { userId: user.id, tokenVersion: user.tokenVersion },
    PASSKEY_CHALLENGE_TTL_SECONDS,
  );
  const rp = relyingParty();
  return generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: user.username,
    userDisplayName: user.username,
    // The user handle a passkey returns at sign-in: the user's id, which names no one outside.
    userID: new TextEncoder().encode(user.id),
    challenge: challengeBytes(token),
    timeout: PASSKEY_TIMEOUT_MS,
    attestationType: "none",
    excludeCredentials: existing.map(({ id, transports }) => ({ id, transports })),
    authenticatorSelection: { residentKey: "required", requireResidentKey: true, userVerification: "required" },
  });
}

/** Verifies the browser's answer to this user's own live challenge and saves the passkey. */
export async function addPasskey(user: TokenUser, input: unknown, client: ClientInfo): Promise<PasskeyInfo> {
  const { response, name } = parseInput(addPasskeySchema, input);
  const challenge = challengeOf(response.response.clientDataJSON);
  const db = await getDb();
  // Spent before verifying: an answer gets one try, right or wrong.
  const live = challenge ? await consumeChallenge(db, "passkey_registration", challenge) : undefined;
  if (!challenge || !live || live.userId !== user.id || live.tokenVersion !== user.tokenVersion) {
    throw new ValidationError({ response: ["This request has expired. Try adding the passkey again."] });
  }
  const rp = relyingParty();
  const verification = await verifyRegistrationResponse({
    response: response as RegistrationResponseJSON,
    expectedChallenge: challenge,
    expectedOrigin: rp.origin,
    expectedRPID: rp.id,
    requireUserPresence: true,
    requireUserVerification: true,
  }).catch((err: unknown) => {
    logger.info({ err, userId: user.id }, "passkey registration not verified");
    return undefined;
  });
  if (!verification?.verified) throw new ValidationError({ response: [PASSKEY_NOT_VERIFIED] });

  const { credential, credentialDeviceType, credentialBackedUp, aaguid } = verification.registrationInfo;
  try {
    return await db.$transaction(async (tx) => {
      const passkey = await tx.passkey.create({
        data: {
          id: credential.id,
          userId: user.id,
          name: name || defaultPasskeyName(aaguid),
          publicKey: credential.publicKey,
          counter: BigInt(credential.counter),
          transports: credential.transports ?? [],
          deviceType: credentialDeviceType,
          backedUp: credentialBackedUp,
        },
        select: passkeySelect,
      });
      await recordEvents(tx, [
        { type: "passkey_added", userId: user.id, client, detail: { passkeyId: passkey.id, name: passkey.name } },
      ]);
      return passkey;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new ValidationError({ response: [PASSKEY_TAKEN] });
    }
    throw error;
  }
}
