import { unseal } from "@/lib/crypto/sealed";
import type { Tx } from "@/lib/db/transaction";
import { spendRecoveryCode } from "./recovery-codes";
import { matchingStep } from "./totp";

/** Which second factor a code proved. */
export type CodeMethod = "totp" | "recovery_code";

/** Six digits are an authenticator-app code; anything else is tried as a recovery code. */
export const looksLikeTotp = (code: string) => /^\d{6}$/.test(code.replace(/\s/g, ""));

/**
 * Accepts an authenticator-app code or a recovery code of a user with TOTP on, in the caller's
 * transaction (so that a sign-in which fails later gives the code back). Undefined when wrong.
 */
export async function acceptSecondFactor(tx: Tx, userId: string, code: string): Promise<CodeMethod | undefined> {
  if (looksLikeTotp(code)) return (await acceptTotpCode(tx, userId, code.replace(/\s/g, ""))) ? "totp" : undefined;
  return (await spendRecoveryCode(tx, userId, code)) ? "recovery_code" : undefined;
}

/**
 * A code is accepted only for a later step than the last one accepted: the conditional UPDATE
 * refuses a replay, on this instance or any other, even within the code's own 30 seconds.
 */
async function acceptTotpCode(tx: Tx, userId: string, code: string): Promise<boolean> {
  const factor = await tx.totpFactor.findUnique({ where: { userId }, select: { secret: true, enabledAt: true } });
  if (!factor?.enabledAt) return false;
  const step = matchingStep(unseal("totp-secret", factor.secret), code);
  if (step === undefined) return false;
  const accepted = await tx.totpFactor.updateMany({
    where: { userId, enabledAt: { not: null }, OR: [{ lastUsedStep: null }, { lastUsedStep: { lt: step } }] },
    data: { lastUsedStep: step },
  });
  return accepted.count === 1;
}
