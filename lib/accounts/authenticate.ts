import { getDb } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { LockedOutError, UnauthorizedError } from "@/lib/errors";
import { recordAttempt, recordAttemptOnce } from "@/lib/events/record";
import type { ClientInfo } from "@/lib/events/types";
import { logger } from "@/lib/log";
import { recordLoginSuccess, reserveLoginAttempt } from "@/lib/rate-limit/lockout";
import type { LoginInput } from "@/lib/validation/auth";
import { hashIdentifier, identifierCandidates } from "@/lib/accounts/identifiers";
import { verifyDummyPassword, verifyPassword } from "@/lib/accounts/password-hash";
import { TOKEN_USER_COLUMNS, type TokenUser } from "@/lib/accounts/token-user";

/** The one answer for every failed sign-in, so none of them tells what was wrong. */
export const INVALID_CREDENTIALS = "The username, phone number or password is not right.";

/**
 * Signs a user in by username (any case) or phone (any written form).
 * Callers apply the "login" rate limit first (withApi / runAction). Then order matters: the
 * lockout is checked, and the attempt counted, before any password is verified; an unknown identifier costs one dummy verification so its timing
 * matches a wrong password; inactive and deleted users get the same answer as a wrong password.
 */
export async function authenticate(input: LoginInput, client: ClientInfo): Promise<TokenUser> {
  const candidates = identifierCandidates(input.identifier);
  const user = await findLoginUser(candidates);
  const accountKey = user ? accountLockoutKey(user) : hashIdentifier(`unknown:${candidates.normalized}`);

  // Throws (429) while this account is locked out for this client; logs the lockout itself.
  await reserveOrRecordLockout(accountKey, user?.id, client);

  // An account made with an identity provider may have no password: it costs a dummy verification too.
  const passwordOk = user?.passwordHash
    ? await verifyPassword(user.passwordHash, input.password)
    : await verifyDummyPassword(input.password);
  if (user && passwordOk && user.isActive && user.deletedAt === null) {
    await recordLoginSuccess(accountKey, client.ip);
    return withoutHash(user);
  }

  const reason = !user ? "unknown identifier" : !passwordOk ? "wrong password" : "inactive or deleted";
  // Both kinds of failure write one row, so this costs an unknown identifier what it costs a wrong password.
  await recordFailedSignIn(accountKey, user?.id, client, { reason });
  throw new UnauthorizedError(INVALID_CREDENTIALS);
}

/**
 * A failed attempt at any step that counts toward the lockout (the password, a second-factor code,
 * the password or code asked again before a change): one log line (the account's keyed hash, never
 * the identifier) and one `sign_in_failed` event. `step` is absent for the password step of sign-in.
 */
export async function recordFailedSignIn(
  accountKey: string,
  userId: string | undefined,
  client: ClientInfo,
  detail: { reason: string; step?: "mfa" | "confirm" },
): Promise<void> {
  logger.warn({ account: accountKey, ip: client.ip, ...detail }, "login failed");
  await recordAttempt({ type: "sign_in_failed", userId, client, detail });
}

/**
 * The lockout check, and one `lockout` event per lockout (per account and client, on this
 * instance), not one per refused attempt.
 */
export async function reserveOrRecordLockout(
  accountKey: string,
  userId: string | undefined,
  client: ClientInfo,
): Promise<void> {
  try {
    await reserveLoginAttempt(accountKey, client.ip);
  } catch (error) {
    if (error instanceof LockedOutError) {
      await recordAttemptOnce(`lockout:${accountKey}:${client.ip}`, error.retryAfterSeconds * 1000, {
        type: "lockout",
        userId,
        client,
        detail: { retryAfterSeconds: error.retryAfterSeconds },
      });
    }
    throw error;
  }
}

/**
 * The lockout counters' key of a known account. The token version is part of it: a password
 * reset or change (or deactivation) bumps it, which starts the counters afresh everywhere at no cost.
 */
export function accountLockoutKey(user: { id: string; tokenVersion: number }): string {
  return hashIdentifier(`user:${user.id}:v${user.tokenVersion}`);
}

type LoginUser = TokenUser & { passwordHash: string | null };

function withoutHash({ passwordHash, ...user }: LoginUser): TokenUser {
  void passwordHash;
  return user;
}

/**
 * Deleted and inactive users are found too (and then refused), so that their timing and their
 * lockout counting match everyone else's. A username match wins over a phone match, since a
 * digits-only username can look like a phone number.
 */
async function findLoginUser(candidates: ReturnType<typeof identifierCandidates>): Promise<LoginUser | undefined> {
  const { usernameLower, phoneNumber } = candidates;
  if (!usernameLower && !phoneNumber) return undefined;
  const db = await getDb();
  // Straight to the driver, as the token check does (lib/accounts/token-user.ts): every login
  // runs this, and Prisma's $queryRaw costs far more CPU than node-postgres (bench/micro-login.ts).
  const rows = await db.$rawSql.prepared<LoginUser>(
    "login-user",
    Prisma.sql`
    SELECT ${TOKEN_USER_COLUMNS}, u."passwordHash"
    FROM "User" u
    WHERE lower(u."username") = ${usernameLower ?? null}::text OR u."phoneNumber" = ${phoneNumber ?? null}::text
    ORDER BY (lower(u."username") = ${usernameLower ?? null}::text) DESC NULLS LAST
    LIMIT 1`,
  );
  return rows[0];
}
