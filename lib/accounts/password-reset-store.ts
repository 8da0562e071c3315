import { config } from "@/lib/config";
import { getDb } from "@/lib/db";

/**
 * The reset code's rows, for password-reset.ts. Every state change is one conditional UPDATE,
 * so concurrent requests (on one instance or many) are decided by the database, not by a read
 * followed by a write.
 */

export type ResetUser = { id: string; username: string; phoneNumber: string; email: string };
export type Claim = { id: string; codeHash: string };

/** Active, non-deleted users only; the e-mail matches in any case (index on lower(email)). */
export async function findResetUser(email: string): Promise<ResetUser | undefined> {
  const db = await getDb();
  const [user] = await db.$queryRaw<ResetUser[]>`
    SELECT "id", "username", "phoneNumber", "email" FROM "User"
    WHERE lower("email") = lower(${email}) AND "isActive" AND "deletedAt" IS NULL
    LIMIT 1`;
  return user;
}

/** Counts one attempt on the user's live code and returns it; undefined when none is live. */
export async function reserveAttempt(userId: string): Promise<Claim | undefined> {
  const db = await getDb();
  const [claim] = await db.passwordResetCode.updateManyAndReturn({
    where: { userId, usedAt: null, expiresAt: { gt: new Date() }, attempts: { lt: config().otpMaxAttempts } },
    data: { attempts: { increment: 1 } },
    select: { id: true, codeHash: true },
  });
  return claim;
}

/** A right code is not a wrong try; the hash fences off a code replaced meanwhile. */
export async function giveBackAttempt(claim: Claim): Promise<void> {
  const db = await getDb();
  await db.passwordResetCode.updateMany({
    where: { id: claim.id, codeHash: claim.codeHash, attempts: { gt: 0 } },
    data: { attempts: { decrement: 1 } },
  });
}

class Rollback extends Error {}

/**
 * Spends the code and sets the password in one transaction; false when the code was spent or
 * replaced meanwhile, or the user deactivated or deleted. The conditional spend is the final
 * word: of two resets racing with one code, exactly one gets here with a row to update.
 */
export async function spendCodeAndSetPassword(userId: string, claim: Claim, passwordHash: string): Promise<boolean> {
  const db = await getDb();
  const now = new Date();
  try {
    return await db.$transaction(async (tx) => {
      const spent = await tx.passwordResetCode.updateMany({
        where: { id: claim.id, codeHash: claim.codeHash, usedAt: null, expiresAt: { gt: now } },
        data: { usedAt: now },
      });
      if (spent.count !== 1) return false;
      const updated = await tx.user.updateMany({
        where: { id: userId, isActive: true },
        data: { passwordHash, tokenVersion: { increment: 1 } },
      });
      if (updated.count !== 1) throw new Rollback(); // the code stays unspent
      return true;
    });
  } catch (error) {
    if (error instanceof Rollback) return false;
    throw error;
  }
}
