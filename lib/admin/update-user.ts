import { takenFields } from "@/lib/accounts/taken-fields";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import { deletedScope, uniqueViolationField, userSelect, type PublicUser } from "@/lib/db/users";
import { ConflictError, NotFoundError, ValidationError, type FieldErrors } from "@/lib/errors";
import { adminUserPatchSchema, type AdminUserPatch } from "@/lib/validation/admin-requests";
import { fieldErrorsOf } from "@/lib/validation/issues";
import { jsonValue, logChanges, recordChanges, type Actor, type AuditEntry, type Changes } from "./audit";
import { assertUserIdCanExist } from "./user-query";

const EDITABLE = ["email", "phoneNumber", "isActive", "isStaff"] as const;

/**
 * Changes a user's e-mail, phone number, active or staff flag (deleted users included: staff
 * may fix a deleted account before restoring it). Deactivation revokes every token and session.
 * Only fields whose value really changes are written and audited; nothing to change → no write.
 */
export async function updateUser(actor: Actor, id: string, input: unknown): Promise<PublicUser> {
  const patch = parsePatch(input);
  refuseSelfLockout(actor, id, patch);
  assertUserIdCanExist(id);
  const db = await getDb();
  const current = await db.user.findFirst({ where: { id, ...deletedScope("include") }, select: userSelect });
  if (!current) throw new NotFoundError("No user with this id.");
  await assertAvailable(current, patch);

  let entry: AuditEntry | undefined;
  try {
    const user = await db.$transaction(async (tx) => {
      const before = await tx.user.findFirst({ where: { id, ...deletedScope("include") }, select: userSelect });
      if (!before) throw new NotFoundError("No user with this id.");
      const changes = changesOf(before, patch);
      if (Object.keys(changes).length === 0) return before;
      const after = await tx.user.update({
        where: { id, ...deletedScope("include") },
        data: {
          // A new address is unproven, and a code sent to an earlier one must not prove it.
          ...(changes.email ? { email: patch.email, emailVerified: null } : {}),
          ...(changes.phoneNumber ? { phoneNumber: patch.phoneNumber } : {}),
          ...(changes.isActive ? { isActive: patch.isActive } : {}),
          ...(changes.isStaff ? { isStaff: patch.isStaff } : {}),
          // Deactivation revokes every token and session at once.
          ...(changes.isActive?.after === false ? { tokenVersion: { increment: 1 } } : {}),
        },
        select: userSelect,
      });
      // Codes mailed to the earlier address (reset or verification) must not work for the new one.
      if (changes.email) await tx.oneTimeCode.deleteMany({ where: { userId: id } });
      entry = { targetId: id, action: "update", changes };
      await recordChanges(tx, actor, [entry]);
      return after;
    });
    if (entry) logChanges(actor, [entry]);
    return user;
  } catch (error) {
    // Lost a race with another change that took the value: name the field.
    if (uniqueViolationField(error)) await assertAvailable(current, patch);
    throw error;
  }
}

function parsePatch(input: unknown): AdminUserPatch {
  const parsed = adminUserPatchSchema(config().phoneDefaultRegion).safeParse(input);
  if (parsed.success) return parsed.data;
  const errors = fieldErrorsOf(parsed.error);
  // An unknown field is reported under its own name, like any other field error.
  for (const issue of parsed.error.issues) {
    if (issue.code !== "unrecognized_keys") continue;
    delete errors.body;
    for (const key of issue.keys) errors[key] = ["This field cannot be changed here."];
  }
  throw new ValidationError(errors);
}

function refuseSelfLockout(actor: Actor, id: string, patch: AdminUserPatch): void {
  if (actor.id !== id) return;
  const errors: FieldErrors = {};
  if (patch.isActive === false) errors.isActive = ["You cannot deactivate your own account."];
  if (patch.isStaff === false) errors.isStaff = ["You cannot remove your own staff access."];
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
}

function changesOf(before: PublicUser, patch: AdminUserPatch): Changes {
  const changes: Changes = {};
  for (const field of EDITABLE) {
    const next = patch[field];
    if (next !== undefined && next !== before[field]) {
      changes[field] = { before: jsonValue(before[field]), after: jsonValue(next) };
    }
  }
  return changes;
}

/** 409 naming each new value another account (deleted ones included) already holds. */
async function assertAvailable(current: PublicUser, patch: AdminUserPatch): Promise<void> {
  const phoneNumber = patch.phoneNumber && patch.phoneNumber !== current.phoneNumber ? patch.phoneNumber : undefined;
  // Only a different address can collide: changing the case of one's own must not.
  const email = patch.email && patch.email.toLowerCase() !== current.email?.toLowerCase() ? patch.email : undefined;
  const taken = await takenFields({ phoneNumber, email });
  if (Object.keys(taken).length > 0) throw new ConflictError(taken);
}
