import { getDb } from "@/lib/db";
import { recordEvents } from "@/lib/events/record";
import type { ClientInfo } from "@/lib/events/types";
import { spendCode, type CodeClaim } from "@/lib/accounts/one-time-code";

/** The reset's reads and its final transaction, for password-reset.ts (the code itself: one-time-code.ts). */

export type ResetUser = { id: string; username: string; phoneNumber: string; email: string };

/** Active, non-deleted users only; the e-mail matches in any case (index on lower(email)). */
export async function findResetUser(email: string): Promise<ResetUser | undefined> {
  const db = await getDb();
  const [user] = await db.$queryRaw<ResetUser[]>`
    SELECT "id", "username", "phoneNumber", "email" FROM "User"
    WHERE lower("email") = lower(${email}) AND "isActive" AND "deletedAt" IS NULL
    LIMIT 1`;
  return user;
}

class Rollback extends Error {}

/**
 * Spends the code, sets the password, marks the e-mail verified (the code reached it) and records
 * the reset, in one transaction; false when the code was spent or replaced meanwhile, or the user
 * deactivated or deleted. Bumping tokenVersion ends every session and token of the user.
 */
export async function spendCodeAndSetPassword(
  userId: string,
  claim: CodeClaim,
  passwordHash: string,
  client: ClientInfo,
): Promise<boolean> {
  const db = await getDb();
  try {
    return await db.$transaction(async (tx) => {
      if (!(await spendCode(tx, claim))) return false;
      const updated = await tx.user.updateMany({
        where: { id: userId, isActive: true },
        data: { passwordHash, tokenVersion: { increment: 1 }, emailVerified: new Date() },
      });
      if (updated.count !== 1) throw new Rollback(); // the code stays unspent
      await recordEvents(tx, [{ type: "password_reset", userId, client }]);
      return true;
    });
  } catch (error) {
    if (error instanceof Rollback) return false;
    throw error;
  }
}
