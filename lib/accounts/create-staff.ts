import { getDb } from "@/lib/db";
import { logger } from "@/lib/log";
import { hashPassword } from "@/lib/accounts/password-hash";
import { createAccount, parseRegistration } from "@/lib/accounts/register";

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

/** A new staff user, under sign-up's field and password rules, and made as any account is. */
export async function createStaffUser(input: NewStaffUser): Promise<CreateStaffResult> {
  const { username, phoneNumber, email, password } = await parseRegistration(input);
  const passwordHash = await hashPassword(password);
  const user = await createAccount({ username, phoneNumber, email, passwordHash, isStaff: true }, "command_line");
  logger.info({ userId: user.id }, "staff user created from the command line");
  return { outcome: "created", userId: user.id, username: user.username };
}
