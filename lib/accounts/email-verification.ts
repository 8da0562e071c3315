import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import type { Tx } from "@/lib/db/transaction";
import { uniqueViolationField, userSelect, type PublicUser } from "@/lib/db/users";
import { ConflictError, ValidationError } from "@/lib/errors";
import { recordEvents } from "@/lib/events/record";
import type { ClientInfo } from "@/lib/events/types";
import { logger } from "@/lib/log";
import { kickMailSender } from "@/lib/mail/kick";
import { emailChangeNoticeMail, emailVerificationMail } from "@/lib/mail/messages";
import { queueMail } from "@/lib/mail/outbox";
import { changeEmailFormSchema, verifyEmailFormSchema } from "@/lib/validation/account-forms";
import { parseInput } from "@/lib/validation/issues";
import { confirmPassword } from "@/lib/accounts/confirm-password";
import {
  codeMatches,
  giveBackAttempt,
  issueCode,
  liveCodeWhere,
  reserveAttempt,
  spendCode,
} from "@/lib/accounts/one-time-code";
import { takenFields } from "@/lib/accounts/taken-fields";
import type { SessionUser } from "@/lib/accounts/token-user";

/**
 * Verified e-mail. A code goes to an address; entering it proves the user reads that address.
 * A change of e-mail is a code sent to the new address: the account's e-mail changes only when
 * that code is entered, so nobody can move an account to an address they cannot read, and until
 * then the old address keeps receiving reset codes. The old address is told of the request.
 */

/** The one answer for a wrong, expired, spent or voided code. */
export const INVALID_VERIFICATION_CODE = "This code is wrong or no longer valid. Check it, or ask for a new one.";
export const VERIFICATION_SENT = "A 6-digit code is on its way to your e-mail address.";
export const EMAIL_CHANGE_SENT =
  "A 6-digit code is on its way to the new address. Your e-mail changes once you enter it.";

/** A new verification code for `email`, queued in the caller's transaction; the caller kicks the sender. */
export async function sendVerificationCode(tx: Tx, userId: string, email: string): Promise<void> {
  const code = await issueCode(tx, { userId, purpose: "email_verification", email });
  await queueMail(tx, emailVerificationMail(email, code, config().otpTtlSeconds));
}

/**
 * The address a change of e-mail is waiting on (its code live: sent, unspent, unexpired, not
 * voided), or undefined when none is.
 */
export async function pendingEmailChange(user: { id: string; email: string | null }): Promise<string | undefined> {
  const db = await getDb();
  const code = await db.oneTimeCode.findFirst({
    where: liveCodeWhere(user.id, "email_verification"),
    select: { email: true },
  });
  return code?.email && code.email !== user.email ? code.email : undefined;
}

/** Sends a code to the user's current e-mail. 400 without one; 409 when it is already verified. */
export async function requestEmailVerification(user: SessionUser): Promise<void> {
  const email = user.email;
  if (!email) throw new ValidationError({}, "Your account has no e-mail address to verify.");
  if (user.emailVerified) throw new ConflictError({}, "Your e-mail address is already verified.");
  const db = await getDb();
  await db.$transaction((tx) => sendVerificationCode(tx, user.id, email));
  kickMailSender();
}

/**
 * Asks to move the account to another address: the password first (a wrong one counts toward
 * the lockout), then the address (400 malformed, 409 taken), then a code to it and a notice to
 * the current address.
 */
export async function requestEmailChange(user: SessionUser, input: unknown, client: ClientInfo): Promise<void> {
  const { password, email } = parseInput(changeEmailFormSchema, input);
  await confirmPassword(user, password, client);
  if (user.email === email && user.emailVerified) {
    throw new ValidationError({ email: ["This is already your e-mail address."] });
  }
  const taken = await takenFields({ email }, user.id);
  if (taken.email) throw new ConflictError(taken);

  const db = await getDb();
  await db.$transaction(async (tx) => {
    await sendVerificationCode(tx, user.id, email);
    if (user.email && user.email.toLowerCase() !== email.toLowerCase()) {
      await queueMail(tx, emailChangeNoticeMail(user.email, email));
    }
    await recordEvents(tx, [{ type: "email_change_requested", userId: user.id, client }]);
  });
  kickMailSender();
}

/**
 * Checks a code as reset codes are checked: the attempt is counted first (parallel guesses
 * cannot try more than OTP_MAX_ATTEMPTS codes), a right one gives its count back, and the spend
 * is one conditional UPDATE in the transaction that marks the address verified (and makes it the
 * account's e-mail when it was a change), so of two uses of one code exactly one succeeds.
 */
export async function verifyEmail(user: SessionUser, input: unknown, client: ClientInfo): Promise<PublicUser> {
  const { code } = parseInput(verifyEmailFormSchema, input);
  const claim = await reserveAttempt(user.id, "email_verification");
  if (!claim?.email || !codeMatches("email_verification", claim.codeHash, user.id, code)) {
    logger.warn(
      { userId: user.id, ip: client.ip, reason: claim ? "wrong code" : "no live code" },
      "e-mail verification refused",
    );
    throw invalidCode();
  }
  const email = claim.email;
  const db = await getDb();
  try {
    const verified = await db.$transaction(async (tx) => {
      if (!(await spendCode(tx, claim))) return undefined;
      const changed = user.email !== email;
      // A reset code mailed to the earlier address must not work once the account has moved.
      if (changed) await tx.oneTimeCode.deleteMany({ where: { userId: user.id, purpose: "password_reset" } });
      const updated = await tx.user.update({
        where: { id: user.id },
        data: { email, emailVerified: new Date() },
        select: userSelect,
      });
      await recordEvents(tx, [{ type: "email_verified", userId: user.id, client, detail: { changed } }]);
      return updated;
    });
    if (!verified) throw invalidCode();
    logger.info({ userId: user.id }, "e-mail verified");
    return verified;
  } catch (error) {
    if (uniqueViolationField(error) === "email") {
      await giveBackAttempt(claim);
      throw new ConflictError({ email: ["This e-mail address is already registered."] });
    }
    throw error;
  }
}

const invalidCode = () => new ValidationError({ code: [INVALID_VERIFICATION_CODE] }, INVALID_VERIFICATION_CODE);
