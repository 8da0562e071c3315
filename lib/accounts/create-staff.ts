import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import { ValidationError } from "@/lib/errors";
import { logger } from "@/lib/log";
import { registerRequestSchema } from "@/lib/validation/requests";
import { fieldErrorsOf } from "@/lib/validation/issues";
import { hashPassword } from "@/lib/accounts/password-hash";
import { takenFields } from "@/lib/accounts/taken-fields";
import { recordEvents } from "@/lib/events/record";

export type CreateStaffResult = { outcome: "created" | "promoted" | "already-staff"; userId: string; username: string };

export type NewStaffUser = { username: string; phoneNumber: string; password: string; email?: string };

/**
 * Django's createsuperuser for this app: creates a staff user, or promotes the existing user
 * with that username.
 */
export async function createStaff(input: NewStaffUser): Promise<CreateStaffResult> {
  return (await promoteToStaff(input.username)) ?? createStaffUser(input);
}

/**
 * Makes the user with this username (case-insensitively) staff; null when there is no such user.
 * Nothing else of the user changes: promotion is not a password reset.
 */
export async function promoteToStaff(username: string): Promise<CreateStaffResult | null> {
  const db = await getDb();
  const existing = await db.user.findFirst({
    where: { username: { equals: username.trim(), mode: "insensitive" } },
    select: { id: true, username: true, isStaff: true },
  });
  if (!existing) return null;
  if (existing.isStaff) return { outcome: "already-staff", userId: existing.id, username: existing.username };
  await db.$transaction([
    db.user.update({ where: { id: existing.id }, data: { isStaff: true } }),
    db.auditLog.create({
      data: { targetId: existing.id, action: "promote", changes: { isStaff: { before: false, after: true } } },
    }),
  ]);
  logger.info({ userId: existing.id }, "user promoted to staff from the command line");
  return { outcome: "promoted", userId: existing.id, username: existing.username };
}

/** A new staff user, under the same field and password rules as sign-up. */
export async function createStaffUser(input: NewStaffUser): Promise<CreateStaffResult> {
  const parsed = registerRequestSchema(config().phoneDefaultRegion).safeParse(input);
  if (!parsed.success) throw new ValidationError(fieldErrorsOf(parsed.error));
  const { username, phoneNumber, email, password } = parsed.data;
  const taken = await takenFields({ username, phoneNumber, email });
  if (Object.keys(taken).length > 0) throw new ValidationError(taken);

  const passwordHash = await hashPassword(password);
  const db = await getDb();
  // Created like any account: its sign_up is recorded (counted on the overview, announced to
  // webhooks as user.created), with the audit entry, in the transaction that creates it.
  const user = await db.$transaction(async (tx) => {
    const created = await tx.user.create({
      data: { username, phoneNumber, email: email ?? null, isStaff: true, passwordHash },
      select: { id: true, username: true },
    });
    await tx.auditLog.create({
      data: { targetId: created.id, action: "create-staff", changes: { isStaff: { after: true } } },
    });
    await recordEvents(tx, [{ type: "sign_up", userId: created.id, detail: { by: "command_line" } }]);
    return created;
  });
  logger.info({ userId: user.id }, "staff user created from the command line");
  return { outcome: "created", userId: user.id, username: user.username };
}
