import type { Tx } from "@/lib/db/transaction";
import { recordEvents } from "@/lib/events/record";
import { getDb } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/log";

/**
 * The audit trail of staff changes: one AuditLog row per changed user, written in the same
 * transaction as the change (so there is never a change without its entry, or the reverse),
 * and one "staff change" log line per row once committed. Log lines name the
 * fields only; the values (e-mail, phone) stay in the database.
 */

/** The staff user making a change. */
export type Actor = { id: string };

type Json = string | number | boolean | null;
export type Changes = Record<string, { before: Json; after: Json }>;
export type AuditAction =
  | "update"
  | "delete"
  | "restore"
  | "activate"
  | "deactivate"
  | "sign_out_everywhere"
  | "reset_two_factor"
  | "unlock"
  | "send_password_reset";
export type AuditEntry = { targetId: string; action: AuditAction; changes: Changes };

/** Dates as ISO text, so the JSON reads the same from every driver. */
export function jsonValue(value: Date | string | boolean | null): Json {
  return value instanceof Date ? value.toISOString() : value;
}

/**
 * The audit rows (what changed, before and after) and, in the security record, one `staff_change`
 * event per row that names the fields only.
 */
export async function recordChanges(tx: Tx, actor: Actor, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await recordEvents(
    tx,
    entries.map((entry) => ({
      type: "staff_change" as const,
      userId: entry.targetId,
      actorId: actor.id,
      detail: { action: entry.action, fields: Object.keys(entry.changes) },
    })),
  );
  await tx.auditLog.createMany({
    data: entries.map((entry) => ({
      actorId: actor.id,
      targetId: entry.targetId,
      action: entry.action,
      changes: entry.changes as Prisma.InputJsonObject,
    })),
  });
}

/** Call after the transaction commits. */
export function logChanges(actor: Actor, entries: AuditEntry[]): void {
  for (const entry of entries) {
    logger.info(
      { staffUserId: actor.id, targetId: entry.targetId, action: entry.action, fields: Object.keys(entry.changes) },
      "staff change",
    );
  }
}

export type AuditRow = {
  id: string;
  action: string;
  changes: Changes;
  createdAt: Date;
  actor: { id: string; username: string } | null;
  target: { id: string; username: string };
};

export const AUDIT_PAGE_SIZE = 50;

export type AuditPage = {
  rows: AuditRow[];
  /** The `before` of the next (older) page, if there is one. */ olderBefore?: string;
};

/**
 * The most recent entries, newest first, `limit` at a time. `actor` and `target` are each a user
 * id or a username (any case): staff look people up by name, links carry ids. `before` is an
 * entry id: the page starts just after it (keyset paging: no OFFSET, so deep pages cost the same
 * and an entry written meanwhile neither repeats nor skips a row).
 */
export async function listAudit(
  filter: { actor?: string; target?: string; limit?: number; before?: string } = {},
): Promise<AuditPage> {
  const db = await getDb();
  const limit = Math.min(filter.limit ?? AUDIT_PAGE_SIZE, 200);
  const person = (text: string): Prisma.UserWhereInput => ({
    OR: [{ id: text }, { username: { equals: text, mode: "insensitive" } }],
  });
  const rows = await db.auditLog.findMany({
    where: {
      ...(filter.actor ? { actor: { is: person(filter.actor) } } : {}),
      ...(filter.target ? { target: { is: person(filter.target) } } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    ...(filter.before ? { cursor: { id: filter.before }, skip: 1 } : {}),
    take: limit + 1,
    select: {
      id: true,
      action: true,
      changes: true,
      createdAt: true,
      actor: { select: { id: true, username: true } },
      target: { select: { id: true, username: true } },
    },
  });
  const page = rows.slice(0, limit).map((row) => ({ ...row, changes: (row.changes ?? {}) as Changes }));
  return { rows: page, olderBefore: rows.length > limit ? page[page.length - 1].id : undefined };
}
