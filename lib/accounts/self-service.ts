import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import { uniqueViolationField, userSelect, type PublicUser } from "@/lib/db/users";
import { ConflictError, UnauthorizedError, ValidationError } from "@/lib/errors";
import { recordEvents } from "@/lib/events/record";
import type { ClientInfo } from "@/lib/events/types";
import { logger } from "@/lib/log";
import { changePhoneFormSchema, deleteAccountFormSchema } from "@/lib/validation/account-forms";
import { parseInput } from "@/lib/validation/issues";
import { similarityProblem } from "@/lib/validation/password-rules";
import { phoneNumberSchema } from "@/lib/validation/phone";
import { changePasswordRequestSchema, setPasswordRequestSchema } from "@/lib/validation/requests";
import { confirmPassword, confirmRecentSignIn, hasPassword } from "@/lib/accounts/confirm-password";
import { hashPassword } from "@/lib/accounts/password-hash";
import { takenFields } from "@/lib/accounts/taken-fields";
import { tokenUserSelect, type SessionUser, type TokenUser } from "@/lib/accounts/token-user";

/**
 * What a signed-in user changes of their own account. Each asks for the password again
 * (confirmPassword: a wrong one is a failed sign-in for the lockout) after the input's own
 * checks, and writes its event in the transaction of the change.
 */

export async function changePhone(user: SessionUser, input: unknown, client: ClientInfo): Promise<PublicUser> {
  const { password, phoneNumber } = parseInput(
    changePhoneFormSchema.extend({ phoneNumber: phoneNumberSchema(config().phoneDefaultRegion) }),
    input,
  );
  await confirmPassword(user, password, client);
  if (phoneNumber === user.phoneNumber) return user;
  const taken = await takenFields({ phoneNumber }, user.id);
  if (taken.phoneNumber) throw new ConflictError(taken);
  const db = await getDb();
  try {
    return await db.$transaction(async (tx) => {
      const updated = await tx.user.update({ where: { id: user.id }, data: { phoneNumber }, select: userSelect });
      await recordEvents(tx, [{ type: "phone_changed", userId: user.id, client }]);
      return updated;
    });
  } catch (error) {
    if (uniqueViolationField(error) === "phoneNumber") throw new ConflictError(await takenFields({ phoneNumber }));
    throw error;
  }
}

/**
 * A new password: the rules first (400), then the current password (403). An account with no
 * password yet (made through a provider) sets its first one instead, with no current password to
 * ask, only soon after signing in (confirmRecentSignIn, 403). Bumping tokenVersion ends every
 * session of the user, the caller's too; the caller starts a new one for itself.
 */
export async function changePassword(user: SessionUser, input: unknown, client: ClientInfo): Promise<TokenUser> {
  const first = !(await hasPassword(user.id));
  const { currentPassword, newPassword } = first
    ? { currentPassword: undefined, ...parseInput(setPasswordRequestSchema, input) }
    : parseInput(changePasswordRequestSchema, input);
  const similar = similarityProblem(newPassword, { ...user, email: user.email ?? undefined });
  if (similar) throw new ValidationError({ newPassword: [similar] });
  if (first) await confirmRecentSignIn(user);
  else await confirmPassword(user, currentPassword, client);
  const passwordHash = await hashPassword(newPassword);
  const db = await getDb();
  const updated = await db.$transaction(async (tx) => {
    const [row] = await tx.user.updateManyAndReturn({
      // A first password only where there is still none: of two at once, one is set.
      where: { id: user.id, isActive: true, tokenVersion: user.tokenVersion, ...(first ? { passwordHash: null } : {}) },
      data: { passwordHash, tokenVersion: { increment: 1 } },
      select: tokenUserSelect,
    });
    if (row) {
      await recordEvents(tx, [
        { type: "password_changed", userId: user.id, client, ...(first ? { detail: { first: true } } : {}) },
      ]);
    }
    return row;
  });
  // Another change ended this session meanwhile (a reset, another password change).
  if (!updated) throw new UnauthorizedError("Your session has ended. Sign in again.");
  logger.info({ userId: user.id }, "password changed");
  return updated;
}

/** Soft delete of oneself: every session ends; staff can restore the account. */
export async function deleteOwnAccount(user: SessionUser, input: unknown, client: ClientInfo): Promise<void> {
  const { password } = parseInput(deleteAccountFormSchema, input);
  await confirmPassword(user, password, client);
  const db = await getDb();
  await db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({
      where: { id: user.id, deletedAt: null },
      data: { deletedAt: new Date(), tokenVersion: { increment: 1 } },
    });
    if (count === 1) await recordEvents(tx, [{ type: "account_deleted", userId: user.id, client }]);
  });
  logger.info({ userId: user.id }, "account deleted by its owner");
}
