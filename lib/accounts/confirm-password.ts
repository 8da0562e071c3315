import { getDb } from "@/lib/db";
import { ForbiddenError, RecentSignInRequiredError } from "@/lib/errors";
import type { ClientInfo } from "@/lib/events/types";
import { recordLoginSuccess } from "@/lib/rate-limit/lockout";
import { accountLockoutKey, recordFailedSignIn, reserveOrRecordLockout } from "@/lib/accounts/authenticate";
import { verifyPassword } from "@/lib/accounts/password-hash";
import type { SessionUser } from "@/lib/accounts/token-user";

export const WRONG_PASSWORD = "The password is not right.";
export const NO_PASSWORD =
  "Your account has no password yet: set one under Password on your account page, then try again.";

/** How soon after signing in an account without a password may set its first one. */
export const RECENT_SIGN_IN_MINUTES = 10;
export const SIGN_IN_AGAIN = `To set a password, sign out and sign in again, then set it within ${RECENT_SIGN_IN_MINUTES} minutes.`;

/**
 * The password asked again before a sensitive change. It counts exactly as a sign-in attempt
 * does (the same lockout counters, reserved before the hash is checked), so a stolen session
 * cannot try passwords through these forms any faster than through the sign-in form.
 * ForbiddenError (403) for a wrong one; LockedOutError (429) while locked out.
 */
export async function confirmPassword(user: SessionUser, password: unknown, client: ClientInfo): Promise<void> {
  await checkPasswordAttempt(user, password, client);
  await recordLoginSuccess(accountLockoutKey(user), client.ip);
}

/**
 * confirmPassword without counting the success: for a change that asks something more (a code),
 * whose caller records the success only once that is right too. Otherwise the right password
 * would start the counters afresh on every try, and the code could be guessed without end.
 */
export async function checkPasswordAttempt(user: SessionUser, password: unknown, client: ClientInfo): Promise<void> {
  const db = await getDb();
  const row = await db.user.findUnique({ where: { id: user.id }, select: { passwordHash: true } });
  // Nothing to guess without a password, so no attempt is counted.
  if (row && row.passwordHash === null) throw new ForbiddenError(NO_PASSWORD);
  const accountKey = accountLockoutKey(user);
  await reserveOrRecordLockout(accountKey, user.id, client);
  if (row?.passwordHash && typeof password === "string" && (await verifyPassword(row.passwordHash, password))) return;
  await recordFailedSignIn(accountKey, user.id, client, { reason: "wrong password", step: "confirm" });
  throw new ForbiddenError(WRONG_PASSWORD);
}

/** Whether the user has a password at all (an account made through a provider may not). */
export async function hasPassword(userId: string): Promise<boolean> {
  const db = await getDb();
  const row = await db.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  return Boolean(row?.passwordHash);
}

/**
 * What an account without a password shows instead of one: this session began, with a sign-in
 * by a provider or a passkey, within the last RECENT_SIGN_IN_MINUTES. A session taken later
 * (a stolen cookie) cannot set a password and so take the account over.
 */
export async function confirmRecentSignIn(user: SessionUser): Promise<void> {
  const db = await getDb();
  const session = await db.session.findUnique({ where: { id: user.sessionId }, select: { createdAt: true } });
  const age = session ? Date.now() - session.createdAt.getTime() : Infinity;
  if (age > RECENT_SIGN_IN_MINUTES * 60_000) throw new RecentSignInRequiredError(SIGN_IN_AGAIN);
}
