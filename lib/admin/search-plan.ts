import type { Db } from "@/lib/db";
import type { PlannerSettings } from "@/lib/db/raw-sql";
import { Prisma } from "@/lib/generated/prisma/client";
import type { UserListQuery } from "@/lib/validation/admin";
import { conditions } from "./user-query";

/**
 * The two ways a text search runs on a large table, forced for that one query, because
 * PostgreSQL cannot estimate how many rows `LIKE '%text%'` matches (it assumes a fixed share
 * whatever the text) and so often picks the wrong one:
 * - "walk": read the sort order's index until the page is full, checking each row: fast when
 *   the text is common, as the page fills after a few hundred rows;
 * - "gather": collect every match through the trigram index, then sort them: fast when the
 *   text is rare, whatever the table's size.
 * Neither uses parallel workers: starting them costs more than a page of 25 rows, and their
 * read-ahead overshoots a walk that should stop at the 25th match.
 */
export type Plan = "walk" | "gather";

const PLAN_SETTINGS: Record<Plan, PlannerSettings> = {
  // Sequential scans off for both: guessing few matches for a long text, PostgreSQL would
  // rather read the whole table and sort it than walk an index it thinks it must read far.
  walk: { enable_bitmapscan: "off", enable_seqscan: "off", max_parallel_workers_per_gather: "0" },
  gather: { enable_indexscan: "off", enable_seqscan: "off", max_parallel_workers_per_gather: "0" },
};

/** Runs `sql` with `plan` forced for this one query. */
export async function queryWithPlan<T>(db: Db, plan: Plan, sql: Prisma.Sql): Promise<T[]> {
  return db.$rawSql.query<T>(sql, PLAN_SETTINGS[plan]);
}

let pagesMemo: { db: Db; pages: number; at: number } | undefined;

/**
 * The heap's size in pages, from the file itself (pg_class's figures date from the last VACUUM).
 * Remembered for a minute: it only decides between "small" and "large", which changes slowly.
 */
export async function tablePages(db: Db): Promise<number> {
  if (pagesMemo?.db === db && Date.now() - pagesMemo.at < 60_000) return pagesMemo.pages;
  const [{ pages }] = await db.$rawSql.query<{ pages: number }>(Prisma.sql`
    SELECT (pg_relation_size('"User"') / current_setting('block_size')::int)::int AS pages`);
  pagesMemo = { db, pages, at: Date.now() };
  return pages;
}

/**
 * The share of rows matching `query` among those that pass its other filters, in a random
 * sample of about `samplePages` table pages (TABLESAMPLE SYSTEM: under a millisecond), and the
 * matches in the whole table it implies. Always the same pages (REPEATABLE with a fixed seed)
 * while the table's size stays put: they stay in PostgreSQL's buffer cache, and a search's
 * estimated total does not change from one page view to the next.
 */
export async function sampleMatches(db: Db, query: UserListQuery, samplePages: number): Promise<Sample> {
  const percent = Math.min(100, (samplePages / Math.max(await tablePages(db), 1)) * 100);
  const { q: _, ...filters } = query;
  const [row] = await db.$rawSql.query<{ hits: number; rows: number }>(Prisma.sql`
    SELECT (count(*) FILTER (WHERE ${conditions(query)}))::int AS hits, (count(*) FILTER (WHERE ${conditions(filters)}))::int AS rows
    FROM "User" TABLESAMPLE SYSTEM (${percent}::float4) REPEATABLE (0)`);
  return { share: row.rows > 0 ? row.hits / row.rows : 0, estimate: Math.round((row.hits * 100) / percent) };
}

export type Sample = {
  /** Matches per row that passes the other filters. */
  share: number;
  /** Matching users in the whole table. */
  estimate: number;
};

/** PostgreSQL's own estimate of the rows matching filters without a text search (its column statistics are good at those). */
export async function plannerEstimate(db: Db, query: Omit<UserListQuery, "q">): Promise<number> {
  const [row] = await db.$rawSql.query<{ "QUERY PLAN": unknown }>(
    Prisma.sql`EXPLAIN (FORMAT JSON) SELECT 1 FROM "User" WHERE ${conditions(query)}`,
  );
  const plan = typeof row["QUERY PLAN"] === "string" ? JSON.parse(row["QUERY PLAN"]) : row["QUERY PLAN"];
  return Math.round(Number((plan as Array<{ Plan: { "Plan Rows": number } }>)[0].Plan["Plan Rows"]) || 0);
}

/** 22,347 → 22,000: an estimate should not look more precise than it is. */
export function roundEstimate(n: number): number {
  if (n < 100) return Math.round(n);
  const unit = 10 ** (Math.floor(Math.log10(n)) - 1);
  return Math.round(n / unit) * unit;
}
