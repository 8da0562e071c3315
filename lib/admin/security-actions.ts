import { listOwnEvents } from "@/lib/accounts/account-data";
import { tokenUserSelect, type TokenUser } from "@/lib/accounts/token-user";
import { getDb } from "@/lib/db";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { recordEvents } from "@/lib/events/record";
import { endAllSessions, listSessions } from "@/lib/sessions/sessions";
import type { PageQuery } from "@/lib/validation/account";
import { logChanges, recordChanges, type Actor, type AuditEntry } from "./audit";
import { assertUserIdCanExist } from "./user-query";

/**
 * What support does for one user's security: see their live sessions and events, sign them out
 * everywhere, reset their two-factor. Each change is audited in its own transaction, and none is
 * allowed on the acting staff user's own account: it would sign them out, or take away the
 * second factor their console access may need (their own Security page does these for them).
 */

export async function userSessions(id: string) {
  return listSessions(await targetUser(id));
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

/** A user who exists (deleted ones too: support looks at them), or NotFoundError. */
async function targetUser(id: string): Promise<TokenUser> {
  assertUserIdCanExist(id);
  const db = await getDb();
  const user = await db.user.findFirst({ where: { id, deletedAt: undefined }, select: tokenUserSelect });
  if (!user) throw new NotFoundError("No user with this id.");
  return user;
}
