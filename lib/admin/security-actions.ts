import { listOwnEvents } from "@/lib/accounts/account-data";
import { accountLockoutKey } from "@/lib/accounts/authenticate";
import { queuePasswordReset } from "@/lib/accounts/password-reset-request";
import { tokenUserSelect, type TokenUser } from "@/lib/accounts/token-user";
import { getDb } from "@/lib/db";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { recordEvents } from "@/lib/events/record";
import { kickMailSender } from "@/lib/mail/kick";
import { listPasskeys, type PasskeyInfo } from "@/lib/passkeys";
import { providerLinks } from "@/lib/providers/links";
import { unlockAccount } from "@/lib/rate-limit/lockout";
import { endAllSessions, listSessions } from "@/lib/sessions/sessions";
import type { PageQuery } from "@/lib/validation/account";
import { logChanges, recordChanges, type Actor, type AuditEntry } from "./audit";
import { assertUserIdCanExist } from "./user-query";

/**
 * What support does for one user's security: see their live sessions and events, sign them out
 * everywhere, unlock their sign-in, reset their two-factor, send them a password reset. Each
 * change is audited, and all but the unlock are refused on the acting staff user's own account:
 * they would sign them out, or take away the second factor their console access may need (their
 * own Security page does these for them).
 */

export async function userSessions(id: string) {
  return listSessions(await targetUser(id));
}

export type SignInMethods = {
  /** False for an account made with a provider that has not set a password. */
  hasPassword: boolean;
  mfaEnabled: boolean;
  passkeys: PasskeyInfo[];
  /** Identity providers linked to the account, oldest first. */
  providers: { provider: string; linkedAt: Date }[];
};

/** How the user can sign in: password (or none), two-factor, passkeys, linked providers. */
export async function userSignInMethods(id: string): Promise<SignInMethods> {
  const user = await targetUser(id);
  const db = await getDb();
  const [withPassword, passkeys, providers] = await Promise.all([
    db.user.count({ where: { id, passwordHash: { not: null }, deletedAt: undefined } }),
    listPasskeys(id),
    providerLinks(id),
  ]);
  return { hasPassword: withPassword > 0, mfaEnabled: user.mfaEnabled, passkeys, providers };
}

export async function userEvents(id: string, page: PageQuery) {
  await targetUser(id);
  return listOwnEvents(id, page);
}

/** Ends every live session of the user; returns how many ended. */
export async function signOutEverywhere(actor: Actor, id: string): Promise<number> {
  if (actor.id === id) throw new ForbiddenError("You cannot sign yourself out everywhere from the staff console.");
  const user = await targetUser(id);
  const db = await getDb();
  let entry: AuditEntry | undefined;
  const revoked = await db.$transaction(async (tx) => {
    const ended = await endAllSessions(tx, user, { actorId: actor.id, reason: "staff_sign_out_everywhere" });
    if (ended > 0) {
      entry = { targetId: id, action: "sign_out_everywhere", changes: { sessions: { before: ended, after: 0 } } };
      await recordChanges(tx, actor, [entry]);
    }
    return ended;
  });
  if (entry) logChanges(actor, [entry]);
  return revoked;
}

/**
 * Turns the user's authenticator app off and voids their recovery codes, so the password alone
 * signs them in (for a user who lost their phone and their codes). Passkeys stay: they are a
 * way to sign in, not a second step. Nothing to reset changes nothing and audits nothing.
 */
export async function resetTwoFactor(actor: Actor, id: string): Promise<void> {
  if (actor.id === id) throw new ForbiddenError("You cannot reset your own two-factor authentication here.");
  await targetUser(id);
  const db = await getDb();
  let entry: AuditEntry | undefined;
  await db.$transaction(async (tx) => {
    const factor = await tx.totpFactor.deleteMany({ where: { userId: id } });
    await tx.recoveryCode.deleteMany({ where: { userId: id } });
    const { count } = await tx.user.updateMany({ where: { id, mfaEnabled: true }, data: { mfaEnabled: false } });
    if (count === 0 && factor.count === 0) return;
    await recordEvents(tx, [{ type: "mfa_disabled", userId: id, actorId: actor.id, detail: { method: "totp" } }]);
    entry = {
      targetId: id,
      action: "reset_two_factor",
      changes: { mfaEnabled: { before: count === 1, after: false } },
    };
    await recordChanges(tx, actor, [entry]);
  });
  if (entry) logChanges(actor, [entry]);
}

/**
 * Clears every sign-in lockout of the user: the per-IP locks from every address and the
 * account-wide one, so the right password signs in at once. Allowed on one's own account: it
 * only ever opens sign-in, and a staff user locked out elsewhere may well want it. Audited when
 * anything was counted; true when so.
 */
export async function unlockUser(actor: Actor, id: string): Promise<boolean> {
  const user = await targetUser(id);
  const cleared = await unlockAccount(accountLockoutKey(user));
  if (!cleared) return false;
  const entry: AuditEntry = {
    targetId: id,
    action: "unlock",
    changes: { failedSignInCounts: { before: "counted", after: "cleared" } },
  };
  const db = await getDb();
  await db.$transaction((tx) => recordChanges(tx, actor, [entry]));
  logChanges(actor, [entry]);
  return true;
}

/**
 * Mails the user a password-reset code, the same mail forgot-password sends, and ends their
 * sessions (support sends one when an account may be in someone else's hands). ValidationError
 * when there is no address to send it to, or the user could not use the code (deactivated or
 * deleted users cannot reset a password). Returns how many sessions ended.
 */
export async function sendPasswordReset(actor: Actor, id: string): Promise<number> {
  if (actor.id === id) {
    throw new ForbiddenError(
      "You cannot send yourself a password reset from the staff console: it would sign you out.",
    );
  }
  const user = await targetUser(id);
  const { email } = user;
  if (!email) throw new ValidationError({ email: [NO_EMAIL] }, NO_EMAIL);
  if (!user.isActive || user.deletedAt) throw new ValidationError({ isActive: [UNUSABLE] }, UNUSABLE);
  const db = await getDb();
  let entry: AuditEntry | undefined;
  const ended = await db.$transaction(async (tx) => {
    await queuePasswordReset(tx, { id, email }, { actorId: actor.id });
    const count = await endAllSessions(tx, user, { actorId: actor.id, reason: "staff_password_reset" });
    entry = { targetId: id, action: "send_password_reset", changes: { sessions: { before: count, after: 0 } } };
    await recordChanges(tx, actor, [entry]);
    return count;
  });
  if (entry) logChanges(actor, [entry]);
  kickMailSender();
  return ended;
}

export const NO_EMAIL = "This user has no e-mail address to send a reset code to.";
const UNUSABLE = "This user is deactivated or deleted, and could not use a reset code.";

/** A user who exists (deleted ones too: support looks at them), or NotFoundError. */
async function targetUser(id: string): Promise<TokenUser> {
  assertUserIdCanExist(id);
  const db = await getDb();
  const user = await db.user.findFirst({ where: { id, deletedAt: undefined }, select: tokenUserSelect });
  if (!user) throw new NotFoundError("No user with this id.");
  return user;
}
