import type { Db } from "@/lib/db";
import type { PlannerSettings } from "@/lib/db/raw-sql";
import { Prisma } from "@/lib/generated/prisma/client";
import type { UserListQuery } from "@/lib/validation/admin";
import { conditions, narrowsIndex } from "./user-query";

/**
 * How a search runs at scale. PostgreSQL cannot estimate how many rows `LIKE '%text%'` matches
 * (it assumes a fixed share whatever the text), so on a large table it often picks the wrong
 * plan: it walks the join-date index for a rare text (reading most of the table), or gathers
 * every match of a common text through the trigram index only to keep 25. We measure instead:
 * a random sample of about `samplePages` table pages (TABLESAMPLE SYSTEM, under a millisecond)
 * gives the share of matching rows, which then chooses the plan and estimates the total.
 */
export type SearchTuning = {
  /** Up to this many 8 kB pages (~26,000 users) everything is counted exactly: it is cheap. */
  smallTablePages: number;
  /** Pages read by the sample (80 pages ≈ 2,000 users at 26 a page: enough to tell a text that fills a page within the walk budget from one that does not). */
  samplePages: number;
  /** A search estimated to match fewer users than this is counted exactly (through the trigram indexes)… */
  exactBelow: number;
  /** …but only up to this many: a sample of a few thousand rows can miss a text that matches thousands. */
  largeTableCountCap: number;
};

export const DEFAULT_TUNING: SearchTuning = { smallTablePages: 1_000, samplePages: 80, exactBelow: 400, largeTableCountCap: 1_000 };

/**
 * What a walk costs against gathering by index. A walk reads rows until the page is full
 * (page × size ÷ density of them); the trigram way reads every match (density × table rows) and
 * sorts them. A row walked in join order (the join-date index: neighbouring rows) costs about a
 * twentieth of a match gathered by index, which reads a page of its own (measured here at 1M
 * users: 0.32–0.35 µs against 5.3–8.7 µs, EXPLAIN ANALYZE of both plans). But the sample's
 * density errs, and a walk that overshoots costs far more than a gather that does: weighing a
 * walked row at a tenth did best over the benchmark's 200 queries (a twentieth spent 40 % more
 * time in the slowest ten). The username index visits rows all over the table, so there the two
 * cost about the same. Below the budget a walk is cheap enough whatever the index could do.
 */
const WALK = { dateJoined: { budget: 8_000, rowCost: 0.1 }, username: { budget: 1_500, rowCost: 1 } };

export type Plan = "walk" | "bitmap";

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
 * Matching rows in a random sample of pages, scaled to the whole table. Always the same pages
 * (REPEATABLE with a fixed seed) while the table's size stays put: they stay in PostgreSQL's
 * buffer cache, where 80 pages cost what 25 pages read from the OS did (measured at 1M users:
 * 0.7 ms), and a search's estimated total does not change from one page view to the next.
 */
export async function sampleMatches(db: Db, query: UserListQuery, pages: number, tuning: SearchTuning): Promise<Sample> {
  const percent = Math.min(100, (tuning.samplePages / Math.max(pages, 1)) * 100);
  const candidates =
    query.q && narrowsIndex(query.q) ? Prisma.sql`(count(*) FILTER (WHERE ${conditions(query, [], "candidates")}))::int` : Prisma.sql`NULL::int`;
  const [row] = await db.$rawSql.query<{ hits: number; candidates: number | null; rows: number }>(Prisma.sql`
    SELECT (count(*) FILTER (WHERE ${conditions(query, [], "narrow")}))::int AS hits, ${candidates} AS candidates, count(*)::int AS rows
    FROM "User" TABLESAMPLE SYSTEM (${percent}::float4) REPEATABLE (0)`);
  const share = (n: number) => (row.rows > 0 ? n / row.rows : 0);
  return {
    estimate: Math.round((row.hits * 100) / percent),
    density: share(row.hits),
    candidateDensity: share(row.candidates ?? row.hits),
    tableRows: Math.round((row.rows * 100) / percent),
  };
}

export type Sample = {
  /** Matching users in the whole table, estimated. */
  estimate: number;
  /** The share of rows that match… */
  density: number;
  /** …and the share a gather by index reads (more than match when only part of the text narrows the index). */
  candidateDensity: number;
  tableRows: number;
};

/**
 * Walk the sort order while it needs few rows to fill the page, or while the rows it walks cost
 * less than the rows a gather by trigram would read (its candidates); else gather.
 * pg_trgm splits text into words at anything but letters and digits, so "y.p" or "l_tho" has no
 * word of three characters: its trigrams ("  y", "y  "…) are in most rows, the index narrows
 * little, and walking much further is still cheaper (measured: "y.p" 118 ms by index, 24 walking).
 */
export function choosePlan(query: UserListQuery, sample: Omit<Sample, "estimate">): Plan {
  if (sample.density <= 0) return "bitmap";
  const walk = query.sort.endsWith("username") ? WALK.username : WALK.dateJoined;
  const walkRows = (query.page * query.pageSize) / sample.density;
  const budget = walk.budget * (weakTrigrams(query.q) ? 5 : 1);
  return walkRows <= budget || walkRows * walk.rowCost <= sample.candidateDensity * sample.tableRows ? "walk" : "bitmap";
}

const weakTrigrams = (q = "") => !/[\p{L}\p{N}]{3}/u.test(q);

// No parallel workers: starting them costs more than a page of 25 rows, and their read-ahead
// overshoots a walk that should stop at the 25th match (measured: a 2.5 ms walk took 32 ms with
// two workers).
const PLAN_SETTINGS: Record<Plan, PlannerSettings> = {
  // Off with both alternatives: for a long or punctuated text PostgreSQL guesses few matches and
  // would rather read the whole table and sort it than walk the index it thinks it must read far.
  walk: { enable_bitmapscan: "off", enable_seqscan: "off", max_parallel_workers_per_gather: "0" },
  bitmap: { enable_indexscan: "off", enable_seqscan: "off", max_parallel_workers_per_gather: "0" },
};

/** Runs `sql` with the plan forced for this one query, or as PostgreSQL plans it. */
export async function queryWithPlan<T>(db: Db, plan: Plan | undefined, sql: Prisma.Sql): Promise<T[]> {
  return db.$rawSql.query<T>(sql, plan && PLAN_SETTINGS[plan]);
}

/** PostgreSQL's own estimate of the rows matching filters without a text search (its column statistics are good at those). */
export async function plannerEstimate(db: Db, query: UserListQuery): Promise<number> {
  const [row] = await db.$rawSql.query<{ "QUERY PLAN": unknown }>(Prisma.sql`EXPLAIN (FORMAT JSON) SELECT 1 FROM "User" WHERE ${conditions(query)}`);
  const plan = typeof row["QUERY PLAN"] === "string" ? JSON.parse(row["QUERY PLAN"]) : row["QUERY PLAN"];
  return Math.round(Number((plan as Array<{ Plan: { "Plan Rows": number } }>)[0].Plan["Plan Rows"]) || 0);
}

/** 22,347 → 22,000: an estimate should not look more precise than it is. */
export function roundEstimate(n: number): number {
  if (n < 100) return Math.round(n);
  const unit = 10 ** (Math.floor(Math.log10(n)) - 1);
  return Math.round(n / unit) * unit;
}
