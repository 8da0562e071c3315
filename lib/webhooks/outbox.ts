import type { Db } from "@/lib/db";
import { sqlUtc } from "@/lib/db/raw-sql";
import { Prisma } from "@/lib/generated/prisma/client";

/**
 * The deliveries table as a durable outbox, claimed as the mail outbox is (lib/mail/outbox.ts):
 * one statement takes due rows of enabled endpoints with FOR UPDATE SKIP LOCKED (app instances
 * sharing one PostgreSQL never take the same row), counts the attempt and pushes nextAttemptAt
 * past the lease. No transaction stays open while the receiver answers; a sender that dies
 * mid-attempt leaves its rows pending, due again when the lease runs out.
 */

export type ClaimedDelivery = {
  id: string;
  event: string;
  payload: unknown;
  attempts: number;
  createdAt: Date;
  url: string;
  /** Sealed. */
  secret: string;
};

export async function claimDueDeliveries(
  db: Db,
  options: { now: Date; leaseMs: number; limit: number },
): Promise<ClaimedDelivery[]> {
  const leaseUntil = new Date(options.now.getTime() + options.leaseMs);
  return db.$queryRaw<ClaimedDelivery[]>`
    WITH due AS (
      SELECT d."id" FROM "WebhookDelivery" d
      JOIN "WebhookEndpoint" e ON e."id" = d."endpointId"
      WHERE d."status" = 'pending' AND d."nextAttemptAt" <= ${options.now} AND e."enabled"
      ORDER BY d."nextAttemptAt"
      LIMIT ${options.limit}
      FOR UPDATE OF d SKIP LOCKED
    ), claimed AS (
      UPDATE "WebhookDelivery" d
      SET "attempts" = d."attempts" + 1, "nextAttemptAt" = ${leaseUntil}
      FROM due WHERE d."id" = due."id"
      RETURNING d."id", d."event", d."payload", d."attempts", d."createdAt", d."endpointId"
    )
    SELECT c."id", c."event", c."payload", c."attempts", c."createdAt", e."url", e."secret"
    FROM claimed c JOIN "WebhookEndpoint" e ON e."id" = c."endpointId"`;
}

// Fenced on `attempts`, as mail is: a late outcome from a sender whose lease ran out must not
// overwrite the attempt of the sender that claimed the row after it.

/**
 * Every delivered row of a round in one statement, straight to the driver: at hundreds of
 * deliveries a second, one UPDATE per row through Prisma would cost more than the requests.
 */
export async function markDelivered(
  db: Db,
  delivered: { delivery: ClaimedDelivery; status: number }[],
  now: Date,
): Promise<void> {
  if (delivered.length === 0) return;
  await db.$rawSql.query(Prisma.sql`
    UPDATE "WebhookDelivery" d
    SET "status" = 'delivered', "deliveredAt" = ${sqlUtc(now)}, "lastStatus" = v."status", "lastError" = NULL
    FROM (
      SELECT unnest(${delivered.map((d) => d.delivery.id)}::text[]) AS "id",
             unnest(${delivered.map((d) => d.delivery.attempts)}::int[]) AS "attempts",
             unnest(${delivered.map((d) => d.status)}::int[]) AS "status"
    ) v
    WHERE d."id" = v."id" AND d."attempts" = v."attempts"`);
}

/** A failed attempt: tried again at `retryAt`, or given up (null). */
export function markFailedAttempt(
  db: Db,
  delivery: ClaimedDelivery,
  outcome: { error: string; status?: number; retryAt: Date | null },
) {
  const common = { lastError: outcome.error.slice(0, 1000), lastStatus: outcome.status ?? null };
  return db.webhookDelivery.updateMany({
    where: { id: delivery.id, attempts: delivery.attempts },
    data: outcome.retryAt === null ? { ...common, status: "failed" } : { ...common, nextAttemptAt: outcome.retryAt },
  });
}
