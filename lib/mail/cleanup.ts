import type { Db } from "@/lib/db";

const DAY_MS = 86_400_000;

/**
 * Opportunistic purge, run now and then by the mail sender's loop: reset codes that are spent or
 * expired (never accepted anyway: every check also tests usedAt and expiresAt), and delivered
 * mail older than a day. Given-up mail stays for an operator to look at.
 */
export async function purgeStaleRows(db: Db, now = new Date()): Promise<{ codes: number; mail: number }> {
  const codes = await db.passwordResetCode.deleteMany({
    where: { OR: [{ expiresAt: { lte: now } }, { usedAt: { not: null } }] },
  });
  const mail = await db.outboxEmail.deleteMany({
    where: { status: "sent", sentAt: { lt: new Date(now.getTime() - DAY_MS) } },
  });
  return { codes: codes.count, mail: mail.count };
}
