import { setTimeout as sleep } from "node:timers/promises";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import type { Tx } from "@/lib/db/transaction";
import { logger } from "@/lib/log";
import { kickMailSender } from "@/lib/mail/kick";
import { passwordResetMail, wholeMinutes } from "@/lib/mail/messages";
import { queueMail } from "@/lib/mail/outbox";
import type { ForgotPasswordInput } from "@/lib/validation/auth";
import { hashIdentifier } from "@/lib/accounts/identifiers";
import { issueCode } from "@/lib/accounts/one-time-code";
import { findResetUser } from "@/lib/accounts/password-reset-store";
import { recordEvents } from "@/lib/events/record";
import type { ClientInfo } from "@/lib/events/types";

/**
 * Every forgot-password answer takes at least this long, known e-mail or not. The known path
 * (a code and one transaction) costs a few milliseconds more than the unknown one (one lookup);
 * padding both to a floor well above the known path's slow tail hides the difference
 * (bench/forgot-password-timing.ts measures it). Neither rendering nor SMTP is on this path: the
 * outbox holds the mail as data, and the sender renders and sends it.
 */
export const FORGOT_PASSWORD_FLOOR_MS = 250;

/** The one answer, whether or not the e-mail belongs to an account. */
export function forgotPasswordDetail(): string {
  const minutes = wholeMinutes(config().otpTtlSeconds);
  return `If an account uses that e-mail address, a 6-digit code is on its way to it. The code is valid for ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

/**
 * For an active, non-deleted account with this e-mail (any case): a new code replaces any
 * earlier one, and its e-mail is queued in the outbox in the same transaction. Callers apply the
 * "forgot-password" rate limit first. Mail leaves after the answer, from the outbox.
 */
export async function requestPasswordReset(
  input: ForgotPasswordInput,
  client: ClientInfo,
  // Only the timing bench changes it, to measure the work under the padding.
  { floorMs = FORGOT_PASSWORD_FLOOR_MS }: { floorMs?: number } = {},
): Promise<void> {
  const answerAt = performance.now() + floorMs;
  let queued = false;
  try {
    queued = await issueResetCode(input.email, client);
  } finally {
    const wait = answerAt - performance.now();
    if (wait > 0) await sleep(wait);
  }
  if (queued) kickMailSender();
}

async function issueResetCode(email: string, client: ClientInfo): Promise<boolean> {
  const user = await findResetUser(email);
  // Never the address in clear; the hash still lets one person's requests be told apart.
  const emailHash = hashIdentifier(`email:${email.toLowerCase()}`);
  if (!user) {
    logger.info({ emailHash }, "password reset requested");
    return false;
  }

  const db = await getDb();
  await db.$transaction((tx) => queuePasswordReset(tx, user, { client }));
  logger.info({ userId: user.id, emailHash }, "password reset requested");
  return true;
}

/**
 * A new reset code for the user (replacing any earlier one), its e-mail queued in the outbox and
 * the `password_reset_requested` event, in the caller's transaction; the caller kicks the sender
 * once it commits. Staff asking on a user's behalf are the event's actor.
 */
export async function queuePasswordReset(
  tx: Tx,
  user: { id: string; email: string },
  by: { client?: ClientInfo; actorId?: string },
): Promise<void> {
  const code = await issueCode(tx, { userId: user.id, purpose: "password_reset" });
  await queueMail(tx, passwordResetMail(user.email, code, config().otpTtlSeconds));
  await recordEvents(tx, [{ type: "password_reset_requested", userId: user.id, ...by }]);
}
