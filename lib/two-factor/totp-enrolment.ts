import { accountLockoutKey, recordFailedSignIn } from "@/lib/accounts/authenticate";
import { checkPasswordAttempt, confirmPassword } from "@/lib/accounts/confirm-password";
import type { SessionUser } from "@/lib/accounts/token-user";
import { seal, unseal } from "@/lib/crypto/sealed";
import { getDb } from "@/lib/db";
import type { Tx } from "@/lib/db/transaction";
import { ConflictError, ForbiddenError, ValidationError } from "@/lib/errors";
import { recordEvents } from "@/lib/events/record";
import type { ClientInfo } from "@/lib/events/types";
import { recordLoginSuccess } from "@/lib/rate-limit/lockout";
import type { PasswordAndCode } from "@/lib/validation/two-factor";
import { RECOVERY_CODE_COUNT, replaceRecoveryCodes } from "./recovery-codes";
import { acceptSecondFactor } from "./second-factor";
import { matchingStep, newTotpSecret, otpauthUri } from "./totp";

/**
 * Turning the authenticator app on and off, and renewing recovery codes. On takes the password,
 * then one right code from the app (so a mistyped secret cannot lock the user out); off and new
 * codes take the password and a current code, both counted like sign-in attempts.
 */

export const WRONG_TOTP_CODE = "That code is not right. Check the time on your device and try the newest code.";
export const WRONG_SECOND_FACTOR = "The code is not right.";
const ALREADY_ON = "Two-factor authentication is already on.";
const NOT_ON = "Two-factor authentication is not on.";

/** `enabledAt`: when the authenticator app was turned on; null while it is off or pending. */
export type TwoFactorStatus = {
  totp: "off" | "pending" | "on";
  enabledAt: Date | null;
  recoveryCodesLeft: number;
};

export async function twoFactorStatus(userId: string): Promise<TwoFactorStatus> {
  const db = await getDb();
  const [factor, recoveryCodesLeft] = await Promise.all([
    db.totpFactor.findUnique({ where: { userId }, select: { enabledAt: true } }),
    db.recoveryCode.count({ where: { userId, usedAt: null } }),
  ]);
  const totp = !factor ? "off" : factor.enabledAt ? "on" : "pending";
  return { totp, enabledAt: factor?.enabledAt ?? null, recoveryCodesLeft };
}

/** A new pending secret (replacing any earlier pending one), after the password. */
export async function startTotpEnrolment(
  user: SessionUser,
  password: string,
  client: ClientInfo,
): Promise<{ secret: string; otpauthUri: string }> {
  if (user.mfaEnabled) throw new ConflictError({}, ALREADY_ON);
  await confirmPassword(user, password, client);
  const secret = newTotpSecret();
  const db = await getDb();
  const pending = { secret: seal("totp-secret", secret), enabledAt: null, lastUsedStep: null, createdAt: new Date() };
  // An enabled factor is never overwritten: the update matches only a pending one.
  await db.$transaction(async (tx) => {
    const replaced = await tx.totpFactor.updateMany({ where: { userId: user.id, enabledAt: null }, data: pending });
    if (replaced.count === 0)
      await tx.totpFactor.create({ data: { userId: user.id, ...pending }, select: { userId: true } });
  });
  return { secret, otpauthUri: otpauthUri(secret, user.username) };
}

/** The pending secret's first right code turns two-factor on; returns the recovery codes, shown once. */
export async function confirmTotpEnrolment(
  user: SessionUser,
  code: string,
  client: ClientInfo,
): Promise<{ recoveryCodes: string[] }> {
  const db = await getDb();
  const factor = await db.totpFactor.findUnique({
    where: { userId: user.id },
    select: { secret: true, enabledAt: true },
  });
  if (factor?.enabledAt) throw new ConflictError({}, ALREADY_ON);
  if (!factor) throw new ValidationError({ code: ["Set up two-factor authentication first."] });
  const step = matchingStep(unseal("totp-secret", factor.secret), code);
  if (step === undefined) throw new ValidationError({ code: [WRONG_TOTP_CODE] }, WRONG_TOTP_CODE);
  return db.$transaction(async (tx) => {
    // The secret fences off a second enrolment started meanwhile (another tab): its code is for another secret.
    const on = await tx.totpFactor.updateMany({
      where: { userId: user.id, enabledAt: null, secret: factor.secret },
      data: { enabledAt: new Date(), lastUsedStep: step },
    });
    if (on.count !== 1) throw new ConflictError({}, "Two-factor authentication changed meanwhile. Start again.");
    await tx.user.update({ where: { id: user.id }, data: { mfaEnabled: true }, select: { id: true } });
    const recoveryCodes = await replaceRecoveryCodes(tx, user.id);
    await recordEvents(tx, [{ type: "mfa_enabled", userId: user.id, client, detail: { method: "totp" } }]);
    return { recoveryCodes };
  });
}

/** Turns the authenticator app off; its recovery codes go with it. */
export async function disableTotp(user: SessionUser, input: PasswordAndCode, client: ClientInfo): Promise<void> {
  await withPasswordAndCode(user, input, client, async (tx) => {
    await tx.totpFactor.delete({ where: { userId: user.id } });
    await tx.recoveryCode.deleteMany({ where: { userId: user.id } });
    await tx.user.update({ where: { id: user.id }, data: { mfaEnabled: false }, select: { id: true } });
    await recordEvents(tx, [{ type: "mfa_disabled", userId: user.id, client, detail: { method: "totp" } }]);
  });
}

/** A new set of recovery codes; the old set is void. */
export async function regenerateRecoveryCodes(
  user: SessionUser,
  input: PasswordAndCode,
  client: ClientInfo,
): Promise<{ recoveryCodes: string[] }> {
  return withPasswordAndCode(user, input, client, async (tx) => {
    const recoveryCodes = await replaceRecoveryCodes(tx, user.id);
    await recordEvents(tx, [
      { type: "recovery_codes_regenerated", userId: user.id, client, detail: { count: RECOVERY_CODE_COUNT } },
    ]);
    return { recoveryCodes };
  });
}

/**
 * Runs `change` once the password and a current code (app or recovery) are right. Both count as
 * one sign-in attempt, reserved before either is checked, and only both right count as a
 * success; the code is accepted in the change's own transaction. A wrong one is a 403, as a
 * wrong password is.
 */
async function withPasswordAndCode<T>(
  user: SessionUser,
  input: PasswordAndCode,
  client: ClientInfo,
  change: (tx: Tx) => Promise<T>,
): Promise<T> {
  if (!user.mfaEnabled) throw new ConflictError({}, NOT_ON);
  await checkPasswordAttempt(user, input.password, client);
  const accountKey = accountLockoutKey(user);
  const db = await getDb();
  const done = await db.$transaction(async (tx) =>
    (await acceptSecondFactor(tx, user.id, input.code)) ? { value: await change(tx) } : undefined,
  );
  if (!done) {
    await recordFailedSignIn(accountKey, user.id, client, { reason: "wrong code", step: "confirm" });
    throw new ForbiddenError(WRONG_SECOND_FACTOR);
  }
  await recordLoginSuccess(accountKey, client.ip);
  return done.value;
}
