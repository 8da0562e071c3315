import type { Db } from "@/lib/db";
import { seal } from "./sealed";

/**
 * The durable outbox (table OutboxEmail). A request writes its message here in the same
 * transaction as the state it is about; the sender (sender.ts) delivers it later, with retries.
 *
 * Claiming is a lease: one statement picks due rows with FOR UPDATE SKIP LOCKED (so app
 * instances sharing one PostgreSQL never take the same row), counts the attempt and pushes
 * nextAttemptAt past the lease. No transaction stays open while SMTP talks, and a process that
 * dies mid-send leaves its rows pending: they are due again when the lease runs out.
 */

export type OutgoingMail = { to: string; subject: string; text: string; html: string };
export type ClaimedMail = { id: string; to: string; subject: string; text: string; html: string; attempts: number };

/** The insert for `mail`, to run inside the caller's transaction (e.g. `db.$transaction([…])`). */
export function queueMail(db: Db, mail: OutgoingMail) {
  return db.outboxEmail.create({
    data: { to: mail.to, subject: mail.subject, text: seal(mail.text), html: seal(mail.html), nextAttemptAt: new Date() },
    select: { id: true },
  });
}

export async function claimDueMail(db: Db, options: { now: Date; leaseMs: number; limit: number }): Promise<ClaimedMail[]> {
  const leaseUntil = new Date(options.now.getTime() + options.leaseMs);
  return db.$queryRaw<ClaimedMail[]>`
    UPDATE "OutboxEmail"
    SET "attempts" = "attempts" + 1, "nextAttemptAt" = ${leaseUntil}
    WHERE "id" IN (
      SELECT "id" FROM "OutboxEmail"
      WHERE "status" = 'pending' AND "nextAttemptAt" <= ${options.now}
      ORDER BY "nextAttemptAt"
      LIMIT ${options.limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING "id", "to", "subject", "text", "html", "attempts"`;
}

// The updates below are fenced on `attempts`: if the lease ran out and another sender claimed
// the row again, this sender's late outcome must not overwrite that one's.

/** Delivered: the bodies (which hold the code) are wiped at once; the row is purged a day later. */
export function markSent(db: Db, mail: ClaimedMail, now: Date) {
  return db.outboxEmail.updateMany({
    where: { id: mail.id, attempts: mail.attempts },
    data: { status: "sent", sentAt: now, text: "", html: "", lastError: null },
  });
}

/** A failed attempt: retried at `retryAt`, or given up (null). A given-up row keeps its sealed
 * bodies, so an operator can requeue it (status 'pending', attempts 0). */
export function markFailedAttempt(db: Db, mail: ClaimedMail, update: { error: string; retryAt: Date | null }) {
  return db.outboxEmail.updateMany({
    where: { id: mail.id, attempts: mail.attempts },
    data:
      update.retryAt === null
        ? { status: "failed", lastError: update.error }
        : { nextAttemptAt: update.retryAt, lastError: update.error },
  });
}
