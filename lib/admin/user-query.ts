import { Prisma } from "@/lib/generated/prisma/client";
import type { UserFilter, UserSort } from "@/lib/validation/admin";
import type { PublicUser } from "@/lib/db/users";

/**
 * The SQL of the staff listing and export, shared so both see exactly the same users in the
 * same order. Raw SQL rather than Prisma's query builder because the page needs what the builder
 * cannot say: ORDER BY lower("username") (so the sort uses the unique index on lower(username)
 * and is case-insensitive), a count over a LIMIT subquery, and row-value keyset conditions.
 * Raw SQL bypasses the soft-delete extension, so the `deleted` scope is applied here explicitly.
 */

/** Every column a staff listing shows: never the password hash or token version. */
export const USER_COLUMNS = Prisma.sql`"id", "username", "phoneNumber", "email", "isActive", "isStaff", "dateJoined", "deletedAt"`;

/** Rows of USER_COLUMNS: the same public fields as every other user read. */
export type UserRow = PublicUser;

/** `%`, `_` and `\` are LIKE wildcards/escape; a search for "a_b" means those three characters. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** "+1 (415) 555-2671" → "+14155552671": what a phone search means against stored E.164 values. */
function phoneNeedle(q: string): string {
  return /^[+\d\s().-]+$/.test(q) && /\d/.test(q) ? q.replace(/[\s().-]/g, "") : q;
}

/** Timestamps are stored as UTC `timestamp(3)`; an ISO text cast to it keeps the UTC wall time. */
const ts = (date: Date) => Prisma.sql`${date.toISOString()}::timestamp(3)`;

/** The filters as one SQL condition ("TRUE" for none), plus any `extra` conditions. */
export function conditions(filter: Omit<UserFilter, "sort">, extra: Prisma.Sql[] = []): Prisma.Sql {
  const parts: Prisma.Sql[] = [...extra];
  if (filter.q) {
    // Each ILIKE can use its column's pg_trgm GIN index; the planner ORs the bitmaps.
    const pattern = likePattern(filter.q);
    parts.push(
      Prisma.sql`("username" ILIKE ${pattern} OR "email" ILIKE ${pattern} OR "phoneNumber" ILIKE ${likePattern(phoneNeedle(filter.q))})`,
    );
  }
  if (filter.isActive !== undefined) parts.push(Prisma.sql`"isActive" = ${filter.isActive}`);
  if (filter.isStaff !== undefined) parts.push(Prisma.sql`"isStaff" = ${filter.isStaff}`);
  if (filter.deleted === "exclude") parts.push(Prisma.sql`"deletedAt" IS NULL`);
  if (filter.deleted === "only") parts.push(Prisma.sql`"deletedAt" IS NOT NULL`);
  if (filter.joinedFrom) parts.push(Prisma.sql`"dateJoined" >= ${ts(filter.joinedFrom.at)}`);
  if (filter.joinedTo) {
    parts.push(
      filter.joinedTo.inclusive
        ? Prisma.sql`"dateJoined" <= ${ts(filter.joinedTo.at)}`
        : Prisma.sql`"dateJoined" < ${ts(filter.joinedTo.at)}`,
    );
  }
  return parts.length > 0 ? Prisma.join(parts, " AND ") : Prisma.sql`TRUE`;
}

/** The WHERE of the filters, plus any `extra` conditions (e.g. an export batch's keyset bound). */
export function whereClause(filter: Omit<UserFilter, "sort">, extra: Prisma.Sql[] = []): Prisma.Sql {
  return Prisma.sql`WHERE ${conditions(filter, extra)}`;
}

/** The sort keys (id breaks ties, so pages never repeat or skip a row). */
export function orderKeys(sort: UserSort): Prisma.Sql {
  switch (sort) {
    case "dateJoined":
      return Prisma.sql`"dateJoined" ASC, "id" ASC`;
    case "-dateJoined":
      return Prisma.sql`"dateJoined" DESC, "id" DESC`;
    case "username":
      return Prisma.sql`lower("username") ASC, "id" ASC`;
    case "-username":
      return Prisma.sql`lower("username") DESC, "id" DESC`;
  }
}

export function orderClause(sort: UserSort): Prisma.Sql {
  return Prisma.sql`ORDER BY ${orderKeys(sort)}`;
}

export type SortKey = { id: string; username: string; dateJoined: Date };

/** Rows strictly after `last` in `sort` order: the keyset condition of the next export batch. */
export function afterClause(sort: UserSort, last: SortKey): Prisma.Sql {
  switch (sort) {
    case "dateJoined":
      return Prisma.sql`("dateJoined", "id") > (${ts(last.dateJoined)}, ${last.id})`;
    case "-dateJoined":
      return Prisma.sql`("dateJoined", "id") < (${ts(last.dateJoined)}, ${last.id})`;
    // lower(username) is unique, so it alone orders the rows; the bound uses its index.
    case "username":
      return Prisma.sql`lower("username") > lower(${last.username})`;
    case "-username":
      return Prisma.sql`lower("username") < lower(${last.username})`;
  }
}
