import { getDb } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { EventType } from "@/lib/events/types";

/**
 * The staff overview's figures, read from the counters the database keeps as rows are written
 * (EventDailyCount per UTC day and event type, UserTotals per user state; both in a few sharded
 * rows whose sum is the figure), so the cost does not grow with the number of users or events.
 */

export const STATS_DAYS_DEFAULT = 30;
export const STATS_DAYS_MAX = 90;

/** Each daily series and the event type it counts. */
export const DAILY_SERIES = {
  signUps: "sign_up",
  signIns: "sign_in",
  failedSignIns: "sign_in_failed",
  lockouts: "lockout",
  rateLimited: "rate_limited",
  passwordResets: "password_reset",
} as const satisfies Record<string, EventType>;
export type DailySeries = keyof typeof DAILY_SERIES;
export const DAILY_SERIES_KEYS = Object.keys(DAILY_SERIES) as DailySeries[];

export type UserTotals = { users: number; active: number; staff: number; emailVerified: number; mfaEnabled: number };
export type DailyCounts = { date: string } & Record<DailySeries, number>;
export type Stats = { totals: UserTotals; daily: DailyCounts[] };

const DAY_MS = 86_400_000;

/** The UTC dates (YYYY-MM-DD) of the last `days` days, oldest first, today last. */
export function utcDays(days: number, now = new Date()): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: days }, (_, i) => new Date(today - (days - 1 - i) * DAY_MS).toISOString().slice(0, 10));
}

const typeToSeries = new Map<string, DailySeries>(
  Object.entries(DAILY_SERIES).map(([series, type]) => [type, series as DailySeries]),
);

export async function overviewStats(days = STATS_DAYS_DEFAULT, now = new Date()): Promise<Stats> {
  const db = await getDb();
  const dates = utcDays(days, now);
  const [totalsRows, countRows] = await Promise.all([
    // Prepared: the server plans each once per connection (the same text every time).
    db.$rawSql.prepared<UserTotals>(
      "admin-stats-totals",
      Prisma.sql`
      SELECT coalesce(sum("users"), 0)::int AS "users", coalesce(sum("active"), 0)::int AS "active",
             coalesce(sum("staff"), 0)::int AS "staff", coalesce(sum("emailVerified"), 0)::int AS "emailVerified",
             coalesce(sum("mfaEnabled"), 0)::int AS "mfaEnabled"
      FROM "UserTotals"`,
    ),
    // Text, not a date: drivers read a date as local midnight.
    db.$rawSql.prepared<{ date: string; type: EventType; n: number }>(
      "admin-stats-daily",
      Prisma.sql`
      SELECT "day"::text AS "date", "type", sum("count")::int AS "n"
      FROM "EventDailyCount"
      WHERE "day" BETWEEN ${dates[0]}::date AND ${dates[dates.length - 1]}::date
        AND "type" IN (${Prisma.join(Object.values(DAILY_SERIES))})
      GROUP BY 1, 2`,
    ),
  ]);
  const byDate = new Map<string, DailyCounts>(
    dates.map((date) => [
      date,
      { date, ...Object.fromEntries(DAILY_SERIES_KEYS.map((key) => [key, 0])) } as DailyCounts,
    ]),
  );
  for (const { date, type, n } of countRows) {
    const series = typeToSeries.get(type);
    const day = byDate.get(date);
    if (series && day) day[series] = n;
  }
  return { totals: totalsRows[0], daily: [...byDate.values()] };
}
