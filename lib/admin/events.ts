import { getDb } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { EventListQuery } from "@/lib/validation/admin-events";
import { toEventJson, type EventJson, type EventRow } from "@/lib/validation/account";
import { encodeEventCursor, type EventCursor } from "./event-cursor";

/**
 * Every security event, for staff: filtered by type, user and time, newest first (at, then id).
 * Pages by keyset: a cursor names the row next to the page, so a page costs the same deep in the
 * record as at its start, and rows written meanwhile never shift one page onto the next.
 *
 * With a type or a user, the (type, at) and (userId, at) indexes read the rows in order. Without
 * either, the only index on time is a BRIN one, which finds the blocks of a time range but keeps
 * no order: the rows are read in widening windows of time next to the cursor until the page is
 * full, so a page of the newest events reads the last hour, not the whole table.
 */

export type EventPage = {
  items: EventJson[];
  page: number;
  pageSize: number;
  /** The next page, older; null on the last one. */
  nextCursor: string | null;
  /** The page before, newer; null on the first one. */
  prevCursor: string | null;
};

const select = { id: true, type: true, at: true, userId: true, actorId: true, ip: true, userAgent: true, detail: true };
const FIRST_WINDOW_MS = 3_600_000;
const WIDENING = 8;
const WIDEST_WINDOW_MS = 2 * 365 * 86_400_000;

export async function listEvents(query: EventListQuery): Promise<EventPage> {
  const { page, pageSize, cursor } = query;
  const direction = cursor?.direction ?? "older";
  const skip = cursor ? 0 : (page - 1) * pageSize;
  // One row more than the page: whether there is a page beyond it.
  const rows = await readEvents(query, direction, skip + pageSize + 1);
  const beyond = rows.length > skip + pageSize;
  const pageRows = rows.slice(skip, skip + pageSize);
  if (direction === "newer") pageRows.reverse();
  const first = pageRows[0];
  const last = pageRows.at(-1);
  const hasOlder = direction === "older" ? beyond : true;
  const hasNewer = direction === "newer" ? beyond : Boolean(cursor) || skip > 0;
  return {
    items: pageRows.map(toEventJson),
    page,
    pageSize,
    nextCursor: hasOlder && last ? encodeEventCursor({ at: last.at, id: last.id, direction: "older" }) : null,
    prevCursor: hasNewer && first ? encodeEventCursor({ at: first.at, id: first.id, direction: "newer" }) : null,
  };
}

/** Up to `take` rows next to the cursor, nearest first: newest first reading older, oldest first reading newer. */
async function readEvents(query: EventListQuery, direction: "older" | "newer", take: number): Promise<EventRow[]> {
  const db = await getDb();
  const order = direction === "older" ? "desc" : "asc";
  const find = (where: Prisma.SecurityEventWhereInput) =>
    db.securityEvent.findMany({ where, orderBy: [{ at: order }, { id: order }], take, select });
  const where = filterOf(query);
  if (query.type || query.userId) return find(where);

  // No index keeps time order: widen a window of time from where the page starts.
  const start = query.cursor?.at ?? (direction === "older" ? query.to?.at : query.from?.at) ?? new Date();
  const limit = direction === "older" ? query.from?.at : query.to?.at;
  for (let width = FIRST_WINDOW_MS; width <= WIDEST_WINDOW_MS; width *= WIDENING) {
    const edge = new Date(direction === "older" ? start.getTime() - width : start.getTime() + width);
    const reachesLimit = limit !== undefined && (direction === "older" ? edge <= limit : edge >= limit);
    const window = direction === "older" ? { at: { gte: edge } } : { at: { lt: edge } };
    const rows = await find(reachesLimit ? where : { AND: [where, window] });
    if (rows.length >= take || reachesLimit) return rows;
  }
  return find(where);
}

function filterOf({ type, userId, from, to, cursor }: EventListQuery): Prisma.SecurityEventWhereInput {
  const and: Prisma.SecurityEventWhereInput[] = [];
  if (type) and.push({ type });
  if (userId) and.push({ userId });
  if (from) and.push({ at: from.inclusive ? { gte: from.at } : { gt: from.at } });
  if (to) and.push({ at: to.inclusive ? { lte: to.at } : { lt: to.at } });
  if (cursor) and.push(afterCursor(cursor));
  return { AND: and };
}

/**
 * The rows beyond the cursor's row in its direction, by (at, id). The bound on `at` alone comes
 * first so that an index on time starts its scan at the cursor rather than filtering up to it.
 */
function afterCursor({ at, id, direction }: EventCursor): Prisma.SecurityEventWhereInput {
  const [upTo, beyond] = direction === "older" ? (["lte", "lt"] as const) : (["gte", "gt"] as const);
  return { at: { [upTo]: at }, OR: [{ at: { [beyond]: at } }, { id: { [beyond]: id } }] };
}

/** The usernames of the users the events are about, for links (deleted users too). */
export async function eventUsernames(ids: Array<string | null>): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const db = await getDb();
  const users = await db.user.findMany({ where: { id: { in: wanted } }, select: { id: true, username: true } });
  return new Map(users.map((user) => [user.id, user.username]));
}
