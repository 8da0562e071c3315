"use server";

import { UnauthorizedError } from "@/lib/errors";
import type { FormState } from "@/lib/session/form-state";
import { signInBrowser } from "@/lib/session/browser-sign-in";
import { mfaCookie } from "@/lib/session/flow-cookie";
import { runAction, safeReturnPath } from "@/lib/session/run-action";
import { finishMfaSignIn, mfaSignInIsLive } from "@/lib/two-factor/mfa-sign-in";
import { looksLikeTotp } from "@/lib/two-factor/second-factor";
import { WRONG_TOTP_CODE } from "@/lib/two-factor/totp-enrolment";
import { parseInput } from "@/lib/validation/issues";
import { mfaLoginSchema, secondFactorFormSchema } from "@/lib/validation/two-factor";

/** `expired`: the sign-in can no longer be finished (too late, or too many wrong codes); start again. */
export type VerifyState = FormState & { expired?: boolean };

const WRONG_RECOVERY_CODE = "That recovery code is not right, or it has already been used.";

/** The second step of a browser sign-in: the code, with the mfaToken the password step left in a cookie. */
export async function verifySignInAction(values: unknown, next?: string): Promise<VerifyState> {
  return runAction({ rateLimit: "login-mfa" }, async ({ client }): Promise<VerifyState> => {
    const mfaToken = await mfaCookie.read();
    if (!mfaToken) return { expired: true };
    const { code } = parseInput(secondFactorFormSchema, values);
    let signedIn;
    try {
      signedIn = await finishMfaSignIn(parseInput(mfaLoginSchema, { mfaToken, code }), client);
    } catch (error) {
      if (!(error instanceof UnauthorizedError)) throw error;
      // The API answers both alike; this browser holds the token, so it may learn which it is. A dead
      // token's cookie is left to expire: deleting it re-renders the page, which would then redirect.
      if (!(await mfaSignInIsLive(mfaToken))) return { expired: true };
      return {
        fieldErrors: { code: [looksLikeTotp(code) ? WRONG_TOTP_CODE : WRONG_RECOVERY_CODE] },
      };
    }
    await mfaCookie.delete();
    await signInBrowser(signedIn.user, client, safeReturnPath(next), signedIn.method);
    return {};
  });
}
