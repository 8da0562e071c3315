import { z } from "zod";
import { getDb } from "@/lib/db";
import type { Tx } from "@/lib/db/transaction";
import { ValidationError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { BULK_ACTIONS, bulkActionSchema, userFilterSchema, type BulkAction } from "@/lib/validation/admin";
import { parseInput } from "@/lib/validation/issues";
import { logChanges, recordChanges, type Actor, type AuditEntry, type Changes } from "./audit";
import { conditions } from "./user-query";

type Effect = {
  /** SET list, beyond "updatedAt". */
  set: (now: Prisma.Sql) => Prisma.Sql;
  /** Rows already in the target state do not match, so they are neither counted nor audited. */
  differs: Prisma.Sql;
  changes: (old: OldRow, now: string) => Changes;
  /** Deactivating or deleting yourself would lock you out: your own id is skipped. */
  skipsActor: boolean;
};

type OldRow = { id: string; isActive: boolean; deletedAt: Date | null };

// Deactivate and delete bump tokenVersion: every token and session of those users stops working.
const EFFECTS: Record<BulkAction, Effect> = {
  activate: {
    set: () => Prisma.sql`"isActive" = true`,
    differs: Prisma.sql`u."isActive" = false`,
    changes: () => ({ isActive: { before: false, after: true } }),
    skipsActor: false,
  },
  deactivate: {
    set: () => Prisma.sql`"isActive" = false, "tokenVersion" = u."tokenVersion" + 1`,
    differs: Prisma.sql`u."isActive" = true`,
    changes: () => ({ isActive: { before: true, after: false } }),
    skipsActor: true,
  },
  delete: {
    set: (now) => Prisma.sql`"deletedAt" = ${now}, "tokenVersion" = u."tokenVersion" + 1`,
    differs: Prisma.sql`u."deletedAt" IS NULL`,
    changes: (_, now) => ({ deletedAt: { before: null, after: now } }),
    skipsActor: true,
  },
  restore: {
    set: () => Prisma.sql`"deletedAt" = NULL`,
    differs: Prisma.sql`u."deletedAt" IS NOT NULL`,
    changes: (old) => ({ deletedAt: { before: old.deletedAt?.toISOString() ?? null, after: null } }),
    skipsActor: false,
  },
};

/**
 * The most users one "all matching" action may change. Up to here the console counts matches
 * exactly, so the number staff confirm is the number that changes; past it the listing only
 * knows "10,000+" or an estimate, and an action on an unknown number of accounts is one to
 * script over ids (the API), not to click.
 */
export const MAX_BULK_MATCHING = 10_000;
/**
 * Users changed per transaction: one UPDATE and its audit rows stay small, and no transaction
 * holds thousands of row locks while sign-ins wait on them.
 */
export const BULK_BATCH_SIZE = 500;

type Run = { actor: Actor; action: BulkAction; effect: Effect; now: string };

function startRun(actor: Actor, action: BulkAction): Run {
  return { actor, action, effect: EFFECTS[action], now: new Date().toISOString() };
}

/**
 * Changes the given users that are not yet in the target state (UPDATE … WHERE id IN (…) AND
 * <state differs>), with one audit entry per changed user, in the caller's transaction.
 */
async function changeUsers(tx: Tx, run: Run, ids: string[]): Promise<AuditEntry[]> {
  if (ids.length === 0) return [];
  const nowSql = Prisma.sql`${run.now}::timestamp(3)`;
  // Joining the table to itself hands RETURNING the row as it was before this UPDATE.
  const old = await tx.$queryRaw<OldRow[]>`
    UPDATE "User" AS u SET ${run.effect.set(nowSql)}, "updatedAt" = ${nowSql}
    FROM "User" AS o
    WHERE o."id" = u."id" AND u."id" IN (${Prisma.join(ids)}) AND ${run.effect.differs}
    RETURNING o."id", o."isActive", o."deletedAt"`;
  const made: AuditEntry[] = old.map((row) => ({
    targetId: row.id,
    action: run.action,
    changes: run.effect.changes(row, run.now),
  }));
  await recordChanges(tx, run.actor, made);
  return made;
}

/**
 * One action on up to 1,000 users, in one transaction. Returns how many rows really changed:
 * unknown ids and users already in that state count 0.
 */
export async function applyBulkAction(actor: Actor, input: unknown): Promise<{ updated: number }> {
  const { action, ids: given } = parseInput(bulkActionSchema, input);
  const run = startRun(actor, action);
  const ids = [...new Set(given)].filter((id) => !(run.effect.skipsActor && id === actor.id));
  if (ids.length === 0) return { updated: 0 };
  const db = await getDb();
  const entries = await db.$transaction((tx) => changeUsers(tx, run, ids));
  logChanges(actor, entries);
  return { updated: entries.length };
}

const matchingActionSchema = z.strictObject({
  action: z.enum(BULK_ACTIONS, { error: `Use one of ${BULK_ACTIONS.join(", ")}.` }),
  filter: userFilterSchema,
});

/**
 * One action on every user the listing's filter matches (the "select all N matching" of the
 * console), at most MAX_BULK_MATCHING of them: more is refused before anything changes. The
 * users are changed BULK_BATCH_SIZE at a time in id order, each batch in its own transaction with
 * its audit entries, so a failure part-way leaves every change made so far audited. A user who
 * comes to match while it runs (signs up, say) may be included; one already in the target state
 * is neither changed nor counted.
 */
export async function applyBulkActionToMatching(
  actor: Actor,
  input: unknown,
  limits: { max: number; batch: number } = { max: MAX_BULK_MATCHING, batch: BULK_BATCH_SIZE },
): Promise<{ updated: number }> {
  const { action, filter } = parseInput(matchingActionSchema, input);
  const run = startRun(actor, action);
  const extra = [run.effect.differs, ...(run.effect.skipsActor ? [Prisma.sql`u."id" <> ${actor.id}`] : [])];
  const where = conditions(filter, extra);
  const db = await getDb();

  const [{ n }] = await db.$queryRaw<Array<{ n: number }>>`
    SELECT count(*)::int AS n FROM (SELECT 1 FROM "User" AS u WHERE ${where} LIMIT ${limits.max + 1}) AS matches`;
  if (n > limits.max) {
    throw new ValidationError({
      filter: [
        `More than ${limits.max.toLocaleString("en-US")} users match. Narrow the filter, or select users one by one.`,
      ],
    });
  }

  let updated = 0;
  let seen = 0;
  let after = "";
  for (let full = true; full && seen < limits.max;) {
    const take = Math.min(limits.batch, limits.max - seen);
    const entries = await db.$transaction(async (tx) => {
      // Keyset paging by id: each batch starts past the last one, so the loop always ends.
      const batch = await tx.$queryRaw<Array<{ id: string }>>`
        SELECT u."id" FROM "User" AS u WHERE ${where} AND u."id" > ${after} ORDER BY u."id" LIMIT ${take}`;
      seen += batch.length;
      full = batch.length === take;
      after = batch.at(-1)?.id ?? after;
      return changeUsers(
        tx,
        run,
        batch.map((row) => row.id),
      );
    });
    logChanges(actor, entries);
    updated += entries.length;
  }
  return { updated };
}
