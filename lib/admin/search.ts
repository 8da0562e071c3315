import type { Db } from "@/lib/db";
import { getDb } from "@/lib/db";
import { deletedScope, userSelect, type PublicUser } from "@/lib/db/users";
import { NotFoundError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import type { UserListQuery } from "@/lib/validation/admin";
import { plannerEstimate, queryWithPlan, roundEstimate, sampleMatches, tablePages } from "./search-plan";
import { assertUserIdCanExist, orderClause, textSearch, USER_COLUMNS, whereClause } from "./user-query";

/**
 * The total of a listing, without counting every match of a broad search at millions of users
 * on every page view (that would read them all):
 * - a page that is not full tells the exact total;
 * - on a small table (`smallTablePages`) the count is exact, but stops at COUNT_CAP + 1
 *   rows (a LIMIT subquery): beyond it `totalCapped` is set ("10,000+");
 * - on a large table, a rare text is counted exactly as its matches are gathered (up to
 *   COUNT_CAP); a common one's total is an estimate (`totalIsEstimate`, shown as "about
 *   22,000") from a random sample of the table's pages (lib/admin/search-plan.ts); without a
 *   text, from PostgreSQL's statistics.
 */
export const COUNT_CAP = 10_000;

export type SearchLimits = {
  /** 8 kB pages (1,000 ≈ 26,000 users): up to this size everything is counted exactly, as it is cheap. */
  smallTablePages: number;
  /** Pages read by the sample that tells a common text from a rare one (80 ≈ 2,000 users). */
  samplePages: number;
  /**
   * A text is common when the sample finds at least one match in this many rows: then a walk
   * fills the page sooner than gathering every match would take (a gathered match reads a heap
   * page of its own, several times the cost of a walked row; the two meet near one in 600 at a
   * million users, docs/BENCHMARKS.md). The username order visits rows all over the table, so a
   * row walked there reads a page of its own too, and the two meet near one in 200 (√(25 / 1M)).
   * A walk may read twice this many rows per row of the page, room for a sample that overrates
   * the text.
   */
  walkRowsPerMatch: { dateJoined: number; username: number };
};

export const DEFAULT_LIMITS: SearchLimits = {
  smallTablePages: 1_000,
  samplePages: 80,
  walkRowsPerMatch: { dateJoined: 600, username: 200 },
};

export type UserPage = {
  items: PublicUser[];
  total: number;
  /** true: more than `total` users match (the exact count stopped at COUNT_CAP). */
  totalCapped: boolean;
  /** true: `total` is an estimate (rounded to two significant digits). */
  totalIsEstimate: boolean;
  page: number;
  pageSize: number;
};

const offsetOf = (query: UserListQuery) => (query.page - 1) * query.pageSize;

/** The SQL of one page of the listing (exported so that the benchmark can EXPLAIN it). */
export function pageSql(query: UserListQuery): Prisma.Sql {
  return Prisma.sql`
    SELECT ${USER_COLUMNS} FROM "User" ${whereClause(query)} ${orderClause(query.sort)}
    LIMIT ${query.pageSize} OFFSET ${offsetOf(query)}`;
}

/** Counts matches up to cap + 1 and no further. */
export function countSql(query: UserListQuery, cap = COUNT_CAP): Prisma.Sql {
  return Prisma.sql`
    SELECT count(*)::int AS n FROM (SELECT 1 FROM "User" ${whereClause(query)} LIMIT ${cap + 1}) AS matches`;
}

const walkRowsPerMatch = (query: UserListQuery, limits: SearchLimits) =>
  query.sort.endsWith("username") ? limits.walkRowsPerMatch.username : limits.walkRowsPerMatch.dateJoined;

/**
 * The page as a walk of the sort order finds it, reading at most twice `walkRowsPerMatch` rows
 * per row the page needs (of those that pass the other filters): a sample can overrate a text,
 * and a walk for a rare one would otherwise read the whole table.
 */
export function walkSql(query: UserListQuery, limits: SearchLimits = DEFAULT_LIMITS): Prisma.Sql {
  const { q = "", ...filters } = query;
  const budget = 2 * walkRowsPerMatch(query, limits) * (offsetOf(query) + query.pageSize);
  return Prisma.sql`
    SELECT ${USER_COLUMNS} FROM (
      SELECT ${USER_COLUMNS}, "searchText" FROM "User" ${whereClause(filters)} ${orderClause(query.sort)} LIMIT ${budget}
    ) AS walked
    WHERE ${textSearch(q)} ${orderClause(query.sort)} LIMIT ${query.pageSize} OFFSET ${offsetOf(query)}`;
}

/**
 * Every match (at most cap + 1) gathered by the trigram index, counted, then sorted and paged.
 * Only right when they all fit under the cap (`matchCount` ≤ cap): otherwise the gathered ones
 * are an arbitrary subset.
 */
export function gatherSql(query: UserListQuery, cap = COUNT_CAP): Prisma.Sql {
  return Prisma.sql`
    WITH matches AS MATERIALIZED (SELECT ${USER_COLUMNS} FROM "User" ${whereClause(query)} LIMIT ${cap + 1})
    SELECT ${USER_COLUMNS}, (SELECT count(*) FROM matches)::int AS "matchCount" FROM matches ${orderClause(query.sort)}
    LIMIT ${query.pageSize} OFFSET ${offsetOf(query)}`;
}

export async function searchUsers(query: UserListQuery, limits: SearchLimits = DEFAULT_LIMITS): Promise<UserPage> {
  const db = await getDb();
  const large = (await tablePages(db)) > limits.smallTablePages;
  if (large && query.q) return searchLargeTable(db, query, limits);

  const flags = { page: query.page, pageSize: query.pageSize, totalCapped: false, totalIsEstimate: false };
  const items = await db.$rawSql.query<PublicUser>(pageSql(query));
  const offset = offsetOf(query);
  // A page that is not full, and not past the end, already tells the exact total.
  if (items.length < query.pageSize && (items.length > 0 || offset === 0))
    return { ...flags, items, total: offset + items.length };
  if (!large) {
    const [{ n }] = await db.$rawSql.query<{ n: number }>(countSql(query));
    return { ...flags, items, total: Math.min(n, COUNT_CAP), totalCapped: n > COUNT_CAP };
  }
  return { ...flags, items, ...estimatedTotal(await plannerEstimate(db, query), offset + items.length) };
}

/** The total of a full page from an estimate: rounded, and more than the `seen` rows up to its end. */
function estimatedTotal(estimate: number, seen: number): { total: number; totalIsEstimate: true } {
  return { total: Math.max(roundEstimate(estimate), seen + 1), totalIsEstimate: true };
}

/**
 * A text search on a large table. A sample tells a common text from a rare one: a common one is
 * walked in the sort order, which fills the page after a few hundred rows; a rare one's matches
 * are few enough to gather by index, count exactly and sort. A walk that runs out of budget (the
 * sample overrated the text) gathers after all.
 */
async function searchLargeTable(db: Db, query: UserListQuery, limits: SearchLimits): Promise<UserPage> {
  const flags = { page: query.page, pageSize: query.pageSize, totalCapped: false };
  const offset = offsetOf(query);
  const sample = await sampleMatches(db, query, limits.samplePages);
  if (sample.share * walkRowsPerMatch(query, limits) >= 1) {
    const items = await queryWithPlan<PublicUser>(db, "walk", walkSql(query, limits));
    if (items.length === query.pageSize)
      return { ...flags, items, ...estimatedTotal(sample.estimate, offset + items.length) };
  }
  const gathered = await queryWithPlan<PublicUser & { matchCount: number }>(db, "gather", gatherSql(query));
  const matchCount =
    gathered[0]?.matchCount ??
    (offset === 0 ? 0 : (await queryWithPlan<{ n: number }>(db, "gather", countSql(query)))[0].n);
  if (matchCount <= COUNT_CAP) {
    return {
      ...flags,
      items: gathered.map(({ matchCount: _, ...user }) => user),
      total: matchCount,
      totalIsEstimate: false,
    };
  }
  // More than the cap after all: the page from every match, sorted.
  const items = await queryWithPlan<PublicUser>(db, "gather", pageSql(query));
  return { ...flags, items, total: COUNT_CAP, totalCapped: true, totalIsEstimate: false };
}

/** One user, deleted ones included (staff can see and restore them). */
export async function getUser(id: string): Promise<PublicUser> {
  assertUserIdCanExist(id);
  const db = await getDb();
  const user = await db.user.findFirst({ where: { id, ...deletedScope("include") }, select: userSelect });
  if (!user) throw new NotFoundError("No user with this id.");
  return user;
}
