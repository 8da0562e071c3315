import type { Db } from "@/lib/db";
import type { Tx } from "@/lib/db/transaction";
import { templatedMailSchema, type QueuedMail } from "./messages";
import { seal, unseal } from "@/lib/crypto/sealed";

/**
 * The durable outbox (table OutboxEmail). A request writes its message here in the same
 * transaction as the state it is about; the sender (sender.ts) renders and delivers it later,
 * with retries. A row holds the template's name and its props, sealed: they hold the code.
 *
 * Claiming is a lease: one statement picks due rows with FOR UPDATE SKIP LOCKED (so app
 * instances sharing one PostgreSQL never take the same row), counts the attempt and pushes
 * nextAttemptAt past the lease. No transaction stays open while SMTP talks, and a process that
 * dies mid-send leaves its rows pending: they are due again when the lease runs out.
 */

export type ClaimedMail = { id: string; to: string; template: string; props: string; attempts: number };

/** The insert for `mail`, to run inside the caller's transaction (e.g. `db.$transaction([…])`). */
export function queueMail(db: Db | Tx, mail: QueuedMail) {
  return db.outboxEmail.create({
    data: {
      to: mail.to,
      template: mail.template,
      props: seal("outbox-body", JSON.stringify(mail.props)),
      nextAttemptAt: new Date(),
    },
    select: { id: true },
  });
}

/**
 * The e-mail a claimed row holds. Throws when its props cannot be opened (sealed under another
 * AUTH_SECRET) or do not fit its template (written by another version of the app).
 */
export function openClaimedMail(row: ClaimedMail): QueuedMail {
  const mail = templatedMailSchema.parse({
    template: row.template,
    props: JSON.parse(unseal("outbox-body", row.props)),
  });
  return { ...mail, to: row.to };
}

export async function claimDueMail(
  db: Db,
  options: { now: Date; leaseMs: number; limit: number },
): Promise<ClaimedMail[]> {
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
    RETURNING "id", "to", "template", "props", "attempts"`;
}

// The updates below are fenced on `attempts`: if the lease ran out and another sender claimed
// the row again, this sender's late outcome must not overwrite that one's.

/** Delivered: the props (which hold the code) are wiped at once; the row is purged a day later. */
export function markSent(db: Db, mail: ClaimedMail, now: Date) {
  return db.outboxEmail.updateMany({
    where: { id: mail.id, attempts: mail.attempts },
    data: { status: "sent", sentAt: now, props: "", lastError: null },
  });
}

/** A failed attempt: retried at `retryAt`, or given up (null). A given-up row keeps its sealed
 * props, so an operator can requeue it (status 'pending', attempts 0). */
export function markFailedAttempt(db: Db, mail: ClaimedMail, update: { error: string; retryAt: Date | null }) {
  return db.outboxEmail.updateMany({
    where: { id: mail.id, attempts: mail.attempts },
    data:
      update.retryAt === null
        ? { status: "failed", lastError: update.error }
        : { nextAttemptAt: update.retryAt, lastError: update.error },
  });
}
