import { Prisma } from "@/lib/generated/prisma/client";
import type { UserFilter, UserSort } from "@/lib/validation/admin";
import type { PublicUser } from "@/lib/db/users";
import { NotFoundError } from "@/lib/errors";

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

/**
 * Every staff operation on one user starts here. PostgreSQL text cannot hold NUL, so no id has
 * one, and a query with one would fail (a 500) rather than find nothing: it is refused as not found.
 */
export function assertUserIdCanExist(id: string): void {
  if (id.includes("\u0000")) throw new NotFoundError("No user with this id.");
}

/** `%`, `_` and `\` are LIKE wildcards/escape; a search for "a_b" means those three characters. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** "+1 (415) 555-2671" → "+14155552671": what a phone search means against stored E.164 values. */
function phoneNeedle(q: string): string {
  return /^[+\d\s().-]+$/.test(q) && /\d/.test(q) ? q.replace(/[\s().-]/g, "") : q;
}

/**
 * `q` as a substring of the username, e-mail or phone number, case-insensitively. Each column's
 * pg_trgm GIN index serves LIKE and ILIKE alike; the planner ORs the bitmaps. ILIKE costs several
 * times LIKE per row in a UTF-8 database (it lowercases both sides on every comparison), and
 * most rows a search reads are compared, so it is used only where case can matter: text without
 * cased letters (digits, "+", "_"…) is matched with LIKE, and phone numbers (E.164: "+" and
 * digits) can never contain a letter, so text with letters skips them.
 */
function textSearch(q: string, match: TextMatch): Prisma.Sql {
  if (q.toLowerCase() !== q.toUpperCase()) {
    return Prisma.sql`(${contains("username", q, "ILIKE", match)} OR ${contains("email", q, "ILIKE", match)})`;
  }
  const phone = contains("phoneNumber", phoneNeedle(q), "LIKE", match);
  return Prisma.sql`(${contains("username", q, "LIKE", match)} OR ${contains("email", q, "LIKE", match)} OR ${phone})`;
}

/**
 * `column` contains `text`. pg_trgm splits text into words at anything but letters and digits and
 * pads each word, so a word of one or two characters ("l" in "l_tho") yields trigrams like "  l"
 * found in most rows, and reading those from the index costs more than the search (measured:
 * 65–140 ms). So when `text` has such a word, the index is asked only for the part around its
 * longest word ("_tho": words that start with "tho"), and the whole text is checked on the rows
 * found, through an expression no index matches. Only for plans that gather matches by index
 * ("narrow"): PostgreSQL estimates the two conditions together as matching almost nothing, and a
 * walk of the sort order planned on that estimate sorts the whole table instead of stopping at
 * the page's last row.
 */
function contains(column: string, text: string, operator: "LIKE" | "ILIKE", match: TextMatch): Prisma.Sql {
  const col = Prisma.raw(`"${column}"`);
  const op = Prisma.raw(operator);
  const part = match === "narrow" ? indexedPart(text) : text;
  if (part === text) return Prisma.sql`${col} ${op} ${likePattern(text)}`;
  return Prisma.sql`(${col} ${op} ${likePattern(part)} AND (${col} || '') ${op} ${likePattern(text)})`;
}

/**
 * The part of `text` worth asking the trigram index for: all of it when every word has three
 * characters or more (or none does: nothing better to ask), else its longest word with the
 * separator on each side, which keeps the word-boundary trigrams that make it selective.
 */
function indexedPart(text: string): string {
  const words = [...text.matchAll(/[\p{L}\p{N}]+/gu)];
  const longest = words.reduce<RegExpExecArray | RegExpMatchArray | undefined>((a, b) => (!a || b[0].length > a[0].length ? b : a), undefined);
  if (!longest || longest[0].length < 3 || words.every((word) => word[0].length >= 3)) return text;
  const start = Math.max(0, (longest.index ?? 0) - 1);
  return text.slice(start, (longest.index ?? 0) + longest[0].length + 1);
}

/** Timestamps are stored as UTC `timestamp(3)`; an ISO text cast to it keeps the UTC wall time. */
const ts = (date: Date) => Prisma.sql`${date.toISOString()}::timestamp(3)`;

/** How a text search is written for the index: see `contains`. */
export type TextMatch = "plain" | "narrow";

/** The filters as one SQL condition ("TRUE" for none), plus any `extra` conditions. */
export function conditions(filter: Omit<UserFilter, "sort">, extra: Prisma.Sql[] = [], match: TextMatch = "plain"): Prisma.Sql {
  const parts: Prisma.Sql[] = [...extra];
  if (filter.q) parts.push(textSearch(filter.q, match));
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
export function whereClause(filter: Omit<UserFilter, "sort">, extra: Prisma.Sql[] = [], match: TextMatch = "plain"): Prisma.Sql {
  return Prisma.sql`WHERE ${conditions(filter, extra, match)}`;
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
