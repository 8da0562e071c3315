import { getDb } from "@/lib/db";
import { logger } from "@/lib/log";
import type { UserFilter } from "@/lib/validation/admin";
import { Prisma } from "@/lib/generated/prisma/client";
import { csvCellSql, csvLine, isoSql } from "./csv";
import { afterClause, orderKeys, reversedSort, whereClause, type SortKey } from "./user-query";

export const EXPORT_COLUMNS = [
  "id",
  "username",
  "phoneNumber",
  "email",
  "isActive",
  "isStaff",
  "mfaEnabled",
  "dateJoined",
  "deletedAt",
] as const;
export const EXPORT_BATCH_SIZE = 5_000;

const col = (name: string) => Prisma.raw(`"${name}"`);

/** One CSV line per row, written by PostgreSQL (see lib/admin/csv.ts). */
const LINE = Prisma.sql`concat_ws(',',
  ${csvCellSql(col("id"))}, ${csvCellSql(col("username"))}, ${csvCellSql(col("phoneNumber"))}, ${csvCellSql(col("email"))},
  "isActive"::text, "isStaff"::text, "mfaEnabled"::text, ${isoSql(col("dateJoined"))}, coalesce(${isoSql(col("deletedAt"))}, '')) || E'\r\n'`;

type Batch = { csv: string | null; n: number; lastId: string; lastUsername: string; lastJoined: string };

/**
 * Every user matching `filter`, in the listing's order, as CSV text: a header line, then one
 * chunk per batch. Batches are keyset-paginated (rows after the last one sent, never OFFSET), so
 * each costs the same at row 10 and at row 1,000,000, and at most one batch is in memory; a
 * consumer that stops reading stops the queries. PostgreSQL writes the lines and joins them,
 * so a batch crosses to Node as one string.
 */
export async function* exportUsers(filter: UserFilter, batchSize = EXPORT_BATCH_SIZE): AsyncGenerator<string> {
  const db = await getDb();
  yield csvLine(EXPORT_COLUMNS);
  let last: SortKey | undefined;
  const keys = orderKeys(filter.sort);
  const lastFirst = orderKeys(reversedSort(filter.sort));
  for (;;) {
    const where = whereClause(filter, last ? [afterClause(filter.sort, last)] : []);
    // The lines joined in order, and the batch's last row (the first in the opposite order):
    // one sort and one scan of the batch (a window and three ordered aggregates cost a third more).
    const [batch] = await db.$queryRaw<Batch[]>`
      WITH page AS MATERIALIZED (SELECT "id", "username", "dateJoined", ${LINE} AS line FROM "User" ${where} ORDER BY ${keys} LIMIT ${batchSize})
      SELECT (SELECT string_agg(line, '' ORDER BY ${keys}) FROM page) AS csv, (SELECT count(*) FROM page)::int AS n,
             last."id" AS "lastId", last."username" AS "lastUsername", ${isoSql(Prisma.sql`last."dateJoined"`)} AS "lastJoined"
      FROM (SELECT * FROM page ORDER BY ${lastFirst} LIMIT 1) AS last`;
    if (!batch?.csv || batch.n === 0) return;
    yield batch.csv;
    if (batch.n < batchSize) return;
    last = { id: batch.lastId, username: batch.lastUsername, dateJoined: new Date(batch.lastJoined) };
  }
}

/**
 * The export as a byte stream. It keeps up to two batches ready (highWaterMark), so PostgreSQL
 * writes the next while Node sends the last, and reads no further until they are taken: a slow
 * client holds back the queries instead of filling memory.
 */
export function exportUsersStream(filter: UserFilter, batchSize?: number): ReadableStream<Uint8Array> {
  const chunks = exportUsers(filter, batchSize);
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { value, done } = await chunks.next();
          if (done) controller.close();
          else controller.enqueue(encoder.encode(value));
        } catch (error) {
          // The status line is long gone: all we can do is end the download and say why in the log.
          logger.error({ err: error }, "user export failed");
          controller.error(error);
        }
      },
      async cancel() {
        await chunks.return(undefined);
      },
    },
    { highWaterMark: 2 },
  );
}
