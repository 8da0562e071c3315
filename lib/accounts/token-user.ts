import { getDb } from "@/lib/db";
import { sqlUtc } from "@/lib/db/raw-sql";
import { logger } from "@/lib/log";
import { userSelect, type PublicUser } from "@/lib/db/users";
import { Prisma } from "@/lib/generated/prisma/client";
import { ForbiddenError, UnauthorizedError } from "@/lib/errors";
import { readAccessToken, type AccessClaims } from "@/lib/accounts/access-token";
import { assertStaffSecondFactor } from "@/lib/two-factor/staff-requirement";

/** A user together with the token version that their sessions must carry. */
export type TokenUser = PublicUser & { tokenVersion: number };
export const tokenUserSelect = { ...userSelect, tokenVersion: true } as const;

/** A signed-in user, with the session their cookie or token names. */
export type SessionUser = TokenUser & { sessionId: string };

/** tokenUserSelect's columns, so that raw reads of a user and the select cannot drift apart. */
export const TOKEN_USER_COLUMNS = Prisma.join(
  Object.keys(tokenUserSelect).map((column) => Prisma.raw(`u."${column}"`)),
);

/** lastSeenAt is written at most this often per session, so a busy client costs no write per request. */
const LAST_SEEN_EVERY_MS = 60_000;

type SessionRow = TokenUser & { expiresAt: Date; lastSeenAt: Date };

/**
 * The user a token or cookie names, if it is still good: its session exists and has not expired,
 * it was made at the user's current token version, and the user exists, is not deleted and is
 * active. One read of the session and the user together on every request, so ending a session, a
 * reset, a deactivation or a deletion takes effect at once on every instance.
 * Raw SQL straight to the driver because this runs on every authenticated request, and Prisma's
 * query layers cost several times the driver's own CPU (bench/micro.ts measures them; figures in
 * docs/BENCHMARKS.md). Raw SQL is outside the soft-delete scope, so the deletedAt filter is
 * written here.
 */
export async function userForClaims(claims: AccessClaims): Promise<SessionUser | undefined> {
  const db = await getDb();
  const [row] = await db.$rawSql.prepared<SessionRow>(
    "session-check",
    Prisma.sql`
    SELECT ${TOKEN_USER_COLUMNS}, s."expiresAt", s."lastSeenAt"
    FROM "Session" s JOIN "User" u ON u."id" = s."userId" AND u."tokenVersion" = s."tokenVersion"
    WHERE s."id" = ${claims.sessionId} AND s."userId" = ${claims.userId} AND u."deletedAt" IS NULL`,
  );
  const now = Date.now();
  if (!row || !row.isActive || row.expiresAt.getTime() <= now) return undefined;
  if (now - row.lastSeenAt.getTime() >= LAST_SEEN_EVERY_MS) touchSession(claims.sessionId, now);
  const { expiresAt, lastSeenAt, ...user } = row;
  void expiresAt;
  void lastSeenAt;
  return { ...user, sessionId: claims.sessionId };
}

const touching = new Set<string>();

/** Moves lastSeenAt on, off the request's path; a failure only leaves it older. */
function touchSession(sessionId: string, now: number): void {
  if (touching.has(sessionId)) return;
  touching.add(sessionId);
  void (async () => {
    const db = await getDb();
    await db.$rawSql.query(Prisma.sql`
      UPDATE "Session" SET "lastSeenAt" = ${sqlUtc(new Date(now))}
      WHERE "id" = ${sessionId} AND "lastSeenAt" < ${sqlUtc(new Date(now - LAST_SEEN_EVERY_MS))}`);
  })()
    .catch((err) => logger.warn({ err }, "session lastSeenAt not updated"))
    .finally(() => touching.delete(sessionId));
}

/** The user of an `Authorization: Bearer <token>` header, or UnauthorizedError. */
export async function userForBearer(authorization: string | null): Promise<SessionUser> {
  const match = authorization?.match(/^Bearer\s+([A-Za-z0-9_.-]{10,4096})\s*$/i);
  if (!match) throw new UnauthorizedError("Send a valid access token: Authorization: Bearer <token>.");
  const claims = await readAccessToken(match[1]);
  const user = claims && (await userForClaims(claims));
  if (!user) throw new UnauthorizedError("The access token is invalid, expired or revoked.");
  return user;
}

/**
 * The staff user of a bearer header: UnauthorizedError (401) without a good token, ForbiddenError
 * (403) for non-staff, and for staff without the second factor STAFF_MFA_REQUIRED asks for.
 */
export async function staffForBearer(authorization: string | null): Promise<SessionUser> {
  const user = await userForBearer(authorization);
  if (!user.isStaff) throw new ForbiddenError("Staff only.");
  await assertStaffSecondFactor(user);
  return user;
}
