import type { Tx } from "@/lib/db/transaction";
import { Prisma } from "@/lib/generated/prisma/client";
import { ConflictError } from "@/lib/errors";

export const LAST_WAY_TO_SIGN_IN =
  "This is your only way to sign in. Set a password, add a passkey or connect another provider first.";

/**
 * Runs `remove` (deleting a provider link or a passkey) in the caller's transaction, and refuses
 * (409, rolling it back) when the account is then left with no way to sign in: no password, no
 * passkey, no provider. The user's row is locked before the removal and the ways are counted after
 * it, in a statement of their own: two removals at once are judged one after the other, so they
 * cannot each leave the other as the last way and then both go.
 */
export async function removeSignInMethod<T>(tx: Tx, userId: string, remove: () => Promise<T>): Promise<T> {
  await tx.$queryRaw(Prisma.sql`SELECT 1 FROM "User" WHERE "id" = ${userId} FOR UPDATE`);
  const removed = await remove();
  const [row] = await tx.$queryRaw<{ hasPassword: boolean; passkeys: number; links: number }[]>(Prisma.sql`
    SELECT u."passwordHash" IS NOT NULL AS "hasPassword",
           (SELECT count(*)::int FROM "Passkey" p WHERE p."userId" = u."id") AS "passkeys",
           (SELECT count(*)::int FROM "Account" a WHERE a."userId" = u."id") AS "links"
    FROM "User" u WHERE u."id" = ${userId}`);
  if (row && !row.hasPassword && row.passkeys === 0 && row.links === 0) {
    throw new ConflictError({}, LAST_WAY_TO_SIGN_IN);
  }
  return removed;
}
