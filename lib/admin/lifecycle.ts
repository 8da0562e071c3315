import { getDb } from "@/lib/db";
import { deletedScope, userSelect, type PublicUser } from "@/lib/db/users";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { logChanges, recordChanges, type Actor, type AuditEntry } from "./audit";
import { assertUserIdCanExist } from "./user-query";

/**
 * Soft delete and restore of one user. Both are idempotent: deleting a deleted user, or
 * restoring a live one, changes nothing and writes no audit entry. The conditional UPDATE is
 * what decides, so two staff deleting the same user at once produce one change and one entry.
 */

export async function softDeleteUser(actor: Actor, id: string): Promise<void> {
  if (actor.id === id) throw new ForbiddenError("You cannot delete your own account.");
  assertUserIdCanExist(id);
  const db = await getDb();
  const deletedAt = new Date();
  const entry: AuditEntry = {
    targetId: id,
    action: "delete",
    changes: { deletedAt: { before: null, after: deletedAt.toISOString() } },
  };
  const changed = await db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({
      where: { id, deletedAt: null },
      // Deletion revokes every token and session at once.
      data: { deletedAt, tokenVersion: { increment: 1 } },
    });
    if (count === 1) await recordChanges(tx, actor, [entry]);
    return count === 1;
  });
  if (changed) return logChanges(actor, [entry]);
  await assertExists(id);
}

export async function restoreUser(actor: Actor, id: string): Promise<PublicUser> {
  assertUserIdCanExist(id);
  const db = await getDb();
  let entry: AuditEntry | undefined;
  const user = await db.$transaction(async (tx) => {
    const before = await tx.user.findFirst({ where: { id, ...deletedScope("include") }, select: userSelect });
    if (!before) throw new NotFoundError("No user with this id.");
    if (!before.deletedAt) return before;
    const { count } = await tx.user.updateMany({ where: { id, deletedAt: { not: null } }, data: { deletedAt: null } });
    if (count === 0) return before;
    entry = {
      targetId: id,
      action: "restore",
      changes: { deletedAt: { before: before.deletedAt.toISOString(), after: null } },
    };
    await recordChanges(tx, actor, [entry]);
    return { ...before, deletedAt: null };
  });
  if (entry) logChanges(actor, [entry]);
  return user;
}

async function assertExists(id: string): Promise<void> {
  const db = await getDb();
  const found = await db.user.count({ where: { id, ...deletedScope("include") } });
  if (found === 0) throw new NotFoundError("No user with this id.");
}
