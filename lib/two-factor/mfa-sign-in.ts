import { accountLockoutKey, recordFailedSignIn, reserveOrRecordLockout } from "@/lib/accounts/authenticate";
import { consumeChallenge, countAttempt, createChallenge, liveChallenge } from "@/lib/accounts/auth-challenge";
import { tokenUserSelect, type TokenUser } from "@/lib/accounts/token-user";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import { UnauthorizedError } from "@/lib/errors";
import type { ClientInfo } from "@/lib/events/types";
import { logger } from "@/lib/log";
import { recordLoginSuccess } from "@/lib/rate-limit/lockout";
import type { MfaLoginInput } from "@/lib/validation/two-factor";
import { acceptSecondFactor, type CodeMethod } from "./second-factor";

/**
 * The second step of a password sign-in for a user with TOTP. The right password earns an
 * mfaToken, not a session: an opaque random token (never a JWT, so no route takes it as an access
 * token) kept server-side, valid MFA_TOKEN_TTL_SECONDS, used once. Each code sent with it counts
 * one attempt on it and one on the (account, IP) lockout, both before the code is checked;
 * LOGIN_MAX_FAILURES wrong codes void it.
 */

export const MFA_TOKEN_TTL_SECONDS = 300;
export const MFA_METHODS = ["totp", "recoveryCode"] as const;
/** One answer for a wrong code and a dead token, so neither tells the other apart. */
export const INVALID_MFA_CODE = "The code is not right, or this sign-in has expired.";

export type MfaChallenge = {
  mfaRequired: true;
  mfaToken: string;
  methods: typeof MFA_METHODS;
  expiresIn: number;
};

export async function startMfaSignIn(user: TokenUser): Promise<MfaChallenge> {
  const mfaToken = await createChallenge(
    "mfa_sign_in",
    { userId: user.id, tokenVersion: user.tokenVersion },
    MFA_TOKEN_TTL_SECONDS,
  );
  return { mfaRequired: true, mfaToken, methods: MFA_METHODS, expiresIn: MFA_TOKEN_TTL_SECONDS };
}

/** Finishes the sign-in with an app or recovery code: the user to start a session for, and how they proved it. */
export async function finishMfaSignIn(
  input: MfaLoginInput,
  client: ClientInfo,
): Promise<{ user: TokenUser; method: CodeMethod }> {
  const challenge = await countAttempt("mfa_sign_in", input.mfaToken, config().loginMaxFailures);
  const user = challenge?.userId ? await signInUser(challenge.userId, challenge.tokenVersion) : undefined;
  if (!user) {
    logger.warn({ ip: client.ip, reason: "dead mfa token" }, "login failed");
    throw new UnauthorizedError(INVALID_MFA_CODE);
  }
  const accountKey = accountLockoutKey(user);
  await reserveOrRecordLockout(accountKey, user.id, client);

  const db = await getDb();
  // The token is consumed in the code's transaction: of two requests with one token, the one that
  // finds it gone rolls back, and a recovery code it spent stays unspent.
  const method = await db.$transaction(async (tx) => {
    const accepted = await acceptSecondFactor(tx, user.id, input.code);
    if (accepted && !(await consumeChallenge(tx, "mfa_sign_in", input.mfaToken))) {
      throw new UnauthorizedError(INVALID_MFA_CODE);
    }
    return accepted;
  });
  if (!method) {
    await recordFailedSignIn(accountKey, user.id, client, { reason: "wrong code", step: "mfa" });
    throw new UnauthorizedError(INVALID_MFA_CODE);
  }
  await recordLoginSuccess(accountKey, client.ip);
  return { user, method };
}

/**
 * Whether `mfaToken` can still finish a sign-in, without counting a try: the browser's second
 * step, which holds its own token, tells "sign in again" from a wrong code with it.
 */
export async function mfaSignInIsLive(mfaToken: string): Promise<boolean> {
  const challenge = await liveChallenge("mfa_sign_in", mfaToken, config().loginMaxFailures);
  return Boolean(challenge?.userId && (await signInUser(challenge.userId, challenge.tokenVersion)));
}

/**
 * The user a live token was made for, if they may still sign in: a reset, deactivation or
 * deletion since the password step voids the token.
 */
async function signInUser(userId: string, tokenVersion: number | null): Promise<TokenUser | undefined> {
  if (tokenVersion === null) return undefined;
  const db = await getDb();
  const user = await db.user.findFirst({
    where: { id: userId, tokenVersion, isActive: true, mfaEnabled: true },
    select: tokenUserSelect,
  });
  return user ?? undefined;
}
