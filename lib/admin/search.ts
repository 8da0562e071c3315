import { getDb } from "@/lib/db";
import { deletedScope, userSelect, type PublicUser } from "@/lib/db/users";
import { NotFoundError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import type { UserListQuery } from "@/lib/validation/admin";
import { choosePlan, DEFAULT_TUNING, plannerEstimate, queryWithPlan, roundEstimate, sampleMatches, tablePages, type Plan, type SearchTuning } from "./search-plan";
import { assertUserIdCanExist, orderClause, USER_COLUMNS, whereClause, type TextMatch } from "./user-query";

/**
 * The total of a listing, without counting every match of a broad search at millions of users
 * on every page view (that would read them all):
 * - a page that is not full tells the exact total;
 * - on a small table the count is exact, but stops at COUNT_CAP + 1 rows (a LIMIT subquery):
 *   beyond it `totalCapped` is set ("10,000+"); on a large table, a search estimated to match few
 *   users is counted the same way up to `largeTableCountCap` (each match counted is a row read);
 * - otherwise `total` is an estimate (`totalIsEstimate`, shown as "about 22,000"): from a random
 *   sample of pages for a text search (lib/admin/search-plan.ts), from PostgreSQL's statistics
 *   for the other filters.
 */
export const COUNT_CAP = 10_000;

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

const textMatch = (plan?: Plan): TextMatch => (plan === "bitmap" ? "narrow" : "plain");

/** The SQL of one page of the listing as `plan` runs it (exported so that the benchmark can EXPLAIN it). */
export function pageSql(query: UserListQuery, plan?: Plan): Prisma.Sql {
  return Prisma.sql`
    SELECT ${USER_COLUMNS} FROM "User" ${whereClause(query, [], textMatch(plan))} ${orderClause(query.sort)}
    LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`;
}

/** Counts matches up to cap + 1 and no further. */
export function countSql(query: UserListQuery, cap = COUNT_CAP, plan?: Plan): Prisma.Sql {
  return Prisma.sql`
    SELECT count(*)::int AS n FROM (SELECT 1 FROM "User" ${whereClause(query, [], textMatch(plan))} LIMIT ${cap + 1}) AS matches`;
}

/**
 * A page and the count of a search expected to match few users, in one pass: the matches are
 * gathered once (at most cap + 1 of them), then counted and paged. Only right when they all fit
 * under the cap (`matchCount` ≤ cap): otherwise the gathered ones are an arbitrary subset.
 */
export function fewMatchesSql(query: UserListQuery, cap: number): Prisma.Sql {
  return Prisma.sql`
    WITH matches AS MATERIALIZED (SELECT ${USER_COLUMNS} FROM "User" ${whereClause(query, [], "narrow")} LIMIT ${cap + 1})
    SELECT ${USER_COLUMNS}, (SELECT count(*) FROM matches)::int AS "matchCount" FROM matches ${orderClause(query.sort)}
    LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`;
}

export async function searchUsers(query: UserListQuery, tuning: SearchTuning = DEFAULT_TUNING): Promise<UserPage> {
  const db = await getDb();
  const { page, pageSize } = query;
  const offset = (page - 1) * pageSize;
  const pages = await tablePages(db);
  const small = pages <= tuning.smallTablePages;
  const sample = !small && query.q ? await sampleMatches(db, query, pages, tuning) : undefined;
  const plan = sample ? choosePlan(query, sample) : undefined;
  const flags = { page, pageSize, totalCapped: false, totalIsEstimate: false };

  if (plan === "bitmap" && sample && sample.estimate < tuning.exactBelow) {
    const rows = await queryWithPlan<PublicUser & { matchCount: number }>(db, plan, fewMatchesSql(query, tuning.largeTableCountCap));
    const matchCount = rows[0]?.matchCount ?? (offset === 0 ? 0 : undefined);
    if (matchCount !== undefined && matchCount <= tuning.largeTableCountCap) {
      return { ...flags, items: rows.map(({ matchCount, ...user }) => user), total: matchCount };
    }
    // More than the cap after all (or a page past the end): the general way below.
  }

  const items = await queryWithPlan<PublicUser>(db, plan, pageSql(query, plan));
  const result = { ...flags, items };

  // A page that is not full, and not past the end, already tells the exact total.
  if (items.length < pageSize && (items.length > 0 || offset === 0)) return { ...result, total: offset + items.length };

  if (small || (sample && sample.estimate < tuning.exactBelow)) {
    const cap = small ? COUNT_CAP : tuning.largeTableCountCap;
    const countPlan = sample ? "bitmap" : undefined;
    const [{ n }] = await queryWithPlan<{ n: number }>(db, countPlan, countSql(query, cap, countPlan));
    return { ...result, total: Math.min(n, cap), totalCapped: n > cap };
  }
  const estimate = sample ? sample.estimate : await plannerEstimate(db, query);
  // At least the rows already seen: the page is full, so there is one more at least.
  return { ...result, total: Math.max(roundEstimate(estimate), offset + items.length + 1), totalIsEstimate: true };
}

/** One user, deleted ones included (staff can see and restore them). */
export async function getUser(id: string): Promise<PublicUser> {
  assertUserIdCanExist(id);
  const db = await getDb();
  const user = await db.user.findFirst({ where: { id, ...deletedScope("include") }, select: userSelect });
  if (!user) throw new NotFoundError("No user with this id.");
  return user;
}
