import { getDb } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { bulkActionSchema, type BulkAction } from "@/lib/validation/admin";
import { parseInput } from "@/lib/validation/issues";
import { logChanges, recordChanges, type Actor, type AuditEntry, type Changes } from "./audit";

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
 * One action on up to 1,000 users in one UPDATE … WHERE id IN (…) AND <state differs>, with one
 * audit entry per changed user in the same transaction. Returns how many rows really changed:
 * unknown ids and users already in that state count 0.
 */
export async function applyBulkAction(actor: Actor, input: unknown): Promise<{ updated: number }> {
  const { action, ids: given } = parseInput(bulkActionSchema, input);
  const effect = EFFECTS[action];
  const ids = [...new Set(given)].filter((id) => !(effect.skipsActor && id === actor.id));
  if (ids.length === 0) return { updated: 0 };

  const now = new Date().toISOString();
  const nowSql = Prisma.sql`${now}::timestamp(3)`;
  const db = await getDb();
  const entries = await db.$transaction(async (tx) => {
    // Joining the table to itself hands RETURNING the row as it was before this UPDATE.
    const old = await tx.$queryRaw<OldRow[]>`
      UPDATE "User" AS u SET ${effect.set(nowSql)}, "updatedAt" = ${nowSql}
      FROM "User" AS o
      WHERE o."id" = u."id" AND u."id" IN (${Prisma.join(ids)}) AND ${effect.differs}
      RETURNING o."id", o."isActive", o."deletedAt"`;
    const made: AuditEntry[] = old.map((row) => ({
      targetId: row.id,
      action,
      changes: effect.changes(row, now),
    }));
    await recordChanges(tx, actor, made);
    return made;
  });
  logChanges(actor, entries);
  return { updated: entries.length };
}
