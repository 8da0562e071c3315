import { getDb } from "@/lib/db";
import { userSelect, type PublicUser } from "@/lib/db/users";
import { Prisma } from "@/lib/generated/prisma/client";
import { ForbiddenError, UnauthorizedError } from "@/lib/errors";
import { readAccessToken, type AccessClaims } from "@/lib/accounts/access-token";

/** A user together with the token version that their tokens and sessions must carry. */
export type TokenUser = PublicUser & { tokenVersion: number };
export const tokenUserSelect = { ...userSelect, tokenVersion: true } as const;

/** tokenUserSelect's columns, so that the raw read below and the select cannot drift apart. */
const TOKEN_USER_COLUMNS = Prisma.join(Object.keys(tokenUserSelect).map((column) => Prisma.raw(`"${column}"`)));

/**
 * The user a token or session names, if it is still good: the user exists, is not deleted,
 * is active, and the token was issued at the current token version. Checked against the
 * database on every request, so revocation is immediate on every instance.
 * Raw SQL straight to the driver because this runs on every authenticated request, and Prisma's
 * query layers cost several times the driver's own CPU (bench/micro.ts measures them; figures in
 * docs/BENCHMARKS.md). Raw SQL is outside the soft-delete scope, so the deletedAt filter is
 * written here.
 */
export async function userForClaims(claims: AccessClaims): Promise<TokenUser | undefined> {
  const db = await getDb();
  const [user] = await db.$rawSql.query<TokenUser>(Prisma.sql`
    SELECT ${TOKEN_USER_COLUMNS} FROM "User" WHERE "id" = ${claims.userId} AND "deletedAt" IS NULL`);
  if (!user || !user.isActive || user.tokenVersion !== claims.tokenVersion) return undefined;
  return user;
}

/** The user of an `Authorization: Bearer <token>` header, or UnauthorizedError. */
export async function userForBearer(authorization: string | null): Promise<TokenUser> {
  const match = authorization?.match(/^Bearer\s+([A-Za-z0-9_.-]{10,4096})\s*$/i);
  if (!match) throw new UnauthorizedError("Send a valid access token: Authorization: Bearer <token>.");
  const claims = await readAccessToken(match[1]);
  const user = claims && (await userForClaims(claims));
  if (!user) throw new UnauthorizedError("The access token is invalid, expired or revoked.");
  return user;
}

/** The staff user of a bearer header: UnauthorizedError (401) without a good token, ForbiddenError (403) for non-staff. */
export async function staffForBearer(authorization: string | null): Promise<TokenUser> {
  const user = await userForBearer(authorization);
  if (!user.isStaff) throw new ForbiddenError("Staff only.");
  return user;
}
