import type { Db } from "@/lib/db";
import type { Tx } from "@/lib/db/transaction";

/**
 * A password change or reset, a deactivation and a deletion end every session of the user by
 * moving their tokenVersion on: those sessions stop working at once without being touched. This
 * removes the rows such a change left dead, in its transaction, and says which they were, so that
 * each ended session is recorded (and announced) like any other, once: the row is gone after.
 */
export async function takeSessionsEndedByVersion(
  tx: Tx | Db,
  userIds: string[],
): Promise<{ id: string; userId: string }[]> {
  if (userIds.length === 0) return [];
  return tx.$queryRaw<{ id: string; userId: string }[]>`
    DELETE FROM "Session" s USING "User" u
    WHERE u."id" = s."userId" AND u."id" = ANY(${userIds}::text[]) AND s."tokenVersion" <> u."tokenVersion"
    RETURNING s."id", s."userId"`;
}
