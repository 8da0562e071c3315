import { getDb } from "@/lib/db";
import { userSelect, type PublicUser } from "@/lib/db/users";
import { UnauthorizedError } from "@/lib/errors";
import { readAccessToken, type AccessClaims } from "@/lib/accounts/access-token";

/** A user together with the token version that their tokens and sessions must carry. */
export type TokenUser = PublicUser & { tokenVersion: number };
export const tokenUserSelect = { ...userSelect, tokenVersion: true } as const;

/**
 * The user a token or session names, if it is still good: the user exists, is not deleted
 * (the soft-delete scope hides them), is active, and the token was issued at the current
 * token version. Checked on every request, so revocation is immediate on every instance.
 */
export async function userForClaims(claims: AccessClaims): Promise<TokenUser | undefined> {
  const db = await getDb();
  const user = await db.user.findUnique({ where: { id: claims.userId }, select: tokenUserSelect });
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
