import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { ValidationError, type FieldErrors } from "@/lib/errors";
import { logger } from "@/lib/log";
import { emailSchema } from "@/lib/validation/fields";
import { otpSchema } from "@/lib/validation/auth";
import { similarityProblem } from "@/lib/validation/password-rules";
import { resetPasswordRequestSchema } from "@/lib/validation/requests";
import { fieldErrorsOf } from "@/lib/validation/issues";
import { hashPassword } from "@/lib/accounts/password-hash";
import { codeMatches, giveBackAttempt, reserveAttempt } from "@/lib/accounts/one-time-code";
import { findResetUser, spendCodeAndSetPassword, type ResetUser } from "@/lib/accounts/password-reset-store";
import type { ClientInfo } from "@/lib/events/types";

/** The one answer for a wrong, expired, spent, voided or unknown code. */
export const INVALID_RESET_CODE = "This code is wrong or no longer valid. Check it, or ask for a new one.";
export const PASSWORD_RESET_DONE = "Your password has been reset. Sign in with your new password.";

/**
 * A refused code is answered no sooner than this: an unknown e-mail (one lookup) and a known one
 * (a lookup and an attempt counted) must not be told apart by timing, as for forgot-password.
 */
export const RESET_REFUSAL_FLOOR_MS = 200;

const codeTargetSchema = z.object({ email: emailSchema, otp: otpSchema });
const newPasswordSchema = resetPasswordRequestSchema.shape.newPassword;

/**
 * Sets a new password with an e-mailed code. Callers apply the "reset-password" rate limit.
 * Order: the code is checked first, without spending it; then the password rules (a right code
 * with a weak password stays usable); then the code is spent, once, in the transaction that sets
 * the password and bumps tokenVersion (every earlier token and session dies).
 *
 * Attempts are counted before the comparison, by one conditional UPDATE … RETURNING: parallel
 * guesses cannot compare more than OTP_MAX_ATTEMPTS codes. A right guess gives its count back.
 */
export async function resetPassword(input: unknown, client: ClientInfo): Promise<void> {
  const raw = (typeof input === "object" && input !== null ? input : {}) as Record<string, unknown>;
  const target = codeTargetSchema.safeParse(raw);
  const password = newPasswordSchema.safeParse(raw.newPassword);
  if (!target.success) {
    // Nothing to check a code against yet: report every field's problem at once.
    throw new ValidationError({
      ...fieldErrorsOf(target.error),
      ...(password.success ? {} : passwordErrors(password.error)),
    });
  }
  const refuseAt = performance.now() + RESET_REFUSAL_FLOOR_MS;
  try {
    await resetWithCode(target.data, password, client);
  } catch (error) {
    if (error instanceof ValidationError && error.fieldErrors.otp) {
      const wait = refuseAt - performance.now();
      if (wait > 0) await sleep(wait);
    }
    throw error;
  }
}

async function resetWithCode(
  { email, otp }: z.output<typeof codeTargetSchema>,
  password: z.ZodSafeParseResult<string>,
  client: ClientInfo,
): Promise<void> {
  const clientIp = client.ip;
  const user = await findResetUser(email);
  const claim = user ? await reserveAttempt(user.id, "password_reset") : undefined;
  if (!user || !claim || !codeMatches("password_reset", claim.codeHash, user.id, otp)) {
    logger.warn(
      { userId: user?.id, ip: clientIp, reason: !user ? "unknown e-mail" : !claim ? "no live code" : "wrong code" },
      "password reset refused",
    );
    throw invalidCode();
  }

  const checked = checkNewPassword(password, user);
  if ("errors" in checked) {
    await giveBackAttempt(claim);
    throw new ValidationError(checked.errors);
  }

  const passwordHash = await hashPassword(checked.password);
  if (!(await spendCodeAndSetPassword(user.id, claim, passwordHash, client))) {
    logger.warn(
      { userId: user.id, ip: clientIp, reason: "code spent or replaced meanwhile" },
      "password reset refused",
    );
    throw invalidCode();
  }
  // The bumped token version also gives the account fresh lockout counters (see authenticate).
  logger.info({ userId: user.id, ip: clientIp }, "password reset completed");
}

const invalidCode = () => new ValidationError({ otp: [INVALID_RESET_CODE] }, INVALID_RESET_CODE);

function passwordErrors(error: z.ZodError): FieldErrors {
  return { newPassword: error.issues.map((issue) => issue.message) };
}

/** The schema's rules, then "not your username, phone or e-mail". */
function checkNewPassword(
  password: z.ZodSafeParseResult<string>,
  user: ResetUser,
): { password: string } | { errors: FieldErrors } {
  if (!password.success) return { errors: passwordErrors(password.error) };
  const problem = similarityProblem(password.data, user);
  return problem ? { errors: { newPassword: [problem] } } : { password: password.data };
}
