import { config } from "@/lib/config";
import type { Db } from "@/lib/db";
import { sqlUtc } from "@/lib/db/raw-sql";
import { Prisma } from "@/lib/generated/prisma/client";

const DAY_MS = 86_400_000;
/** Events go a batch at a time, so one round never holds a long delete. */
const EVENT_PURGE_BATCH = 10_000;

/** Delivered webhooks stay a week for staff to look at; given-up ones a month. */
const WEBHOOK_DELIVERED_KEEP_MS = 7 * DAY_MS;
const WEBHOOK_FAILED_KEEP_MS = 30 * DAY_MS;

export type Purged = {
  codes: number;
  challenges: number;
  mail: number;
  sessions: number;
  events: number;
  eventDailyCounts: number;
  webhookDeliveries: number;
};

/**
 * Opportunistic purge, run now and then by the mail sender's loop: one-time codes that are spent
 * or expired (never accepted anyway: every check also tests usedAt and expiresAt), expired sign-in
 * challenges (likewise), delivered mail
 * older than a day, sessions that can never be used again (expired, or made before the user's
 * tokenVersion moved on), security events older than EVENT_RETENTION_DAYS, and webhook
 * deliveries delivered a week ago or given up a month ago. Given-up mail stays for an operator
 * to look at.
 */
export async function purgeStaleRows(db: Db, now = new Date()): Promise<Purged> {
  const codes = await db.oneTimeCode.deleteMany({
    where: { OR: [{ expiresAt: { lte: now } }, { usedAt: { not: null } }] },
  });
  const challenges = await db.authChallenge.deleteMany({ where: { expiresAt: { lte: now } } });
  const mail = await db.outboxEmail.deleteMany({
    where: { status: "sent", sentAt: { lt: new Date(now.getTime() - DAY_MS) } },
  });
  const [sessions] = await db.$rawSql.query<{ n: number }>(Prisma.sql`
    WITH dead AS (
      DELETE FROM "Session" s USING "User" u
      WHERE u."id" = s."userId" AND (s."expiresAt" <= ${sqlUtc(now)} OR s."tokenVersion" <> u."tokenVersion")
      RETURNING 1
    )
    SELECT count(*)::int AS n FROM dead`);
  const cutoff = new Date(now.getTime() - config().eventRetentionDays * DAY_MS);
  const [events] = await db.$rawSql.query<{ n: number }>(Prisma.sql`
    WITH old AS (
      DELETE FROM "SecurityEvent" WHERE "id" IN (
        SELECT "id" FROM "SecurityEvent" WHERE "at" < ${sqlUtc(cutoff)} LIMIT ${EVENT_PURGE_BATCH}
      )
      RETURNING 1
    )
    SELECT count(*)::int AS n FROM old`);
  // A day's counters go once the whole day is past the retention: the charts show what the record holds.
  const [eventDailyCounts] = await db.$rawSql.query<{ n: number }>(Prisma.sql`
    WITH old AS (DELETE FROM "EventDailyCount" WHERE "day" < (${sqlUtc(cutoff)})::date RETURNING 1)
    SELECT count(*)::int AS n FROM old`);
  const webhookDeliveries = await db.webhookDelivery.deleteMany({
    where: {
      OR: [
        { status: "delivered", createdAt: { lt: new Date(now.getTime() - WEBHOOK_DELIVERED_KEEP_MS) } },
        { status: "failed", createdAt: { lt: new Date(now.getTime() - WEBHOOK_FAILED_KEEP_MS) } },
      ],
    },
  });
  return {
    codes: codes.count,
    challenges: challenges.count,
    mail: mail.count,
    sessions: sessions.n,
    events: events.n,
    eventDailyCounts: eventDailyCounts.n,
    webhookDeliveries: webhookDeliveries.count,
  };
}
