"use server";

import { redirect } from "next/navigation";
import { authenticate } from "@/lib/accounts/authenticate";
import { signInBrowser } from "@/lib/session/browser-sign-in";
import type { FormState } from "@/lib/session/form-state";
import { mfaCookie } from "@/lib/session/flow-cookie";
import { runAction, safeReturnPath } from "@/lib/session/run-action";
import { startMfaSignIn } from "@/lib/two-factor/mfa-sign-in";
import { loginSchema } from "@/lib/validation/auth";

export async function signInAction(values: unknown, next?: string): Promise<FormState> {
  return runAction({ rateLimit: "login" }, async ({ client }) => {
    const user = await authenticate(loginSchema.parse(values), client);
    const returnTo = safeReturnPath(next);
    if (user.mfaEnabled) {
      // The right password earns only the second step; the session starts after the code.
      const { mfaToken, expiresIn } = await startMfaSignIn(user);
      await mfaCookie.set(mfaToken, expiresIn);
      redirect(returnTo === "/account" ? "/sign-in/verify" : `/sign-in/verify?next=${encodeURIComponent(returnTo)}`);
    }
    await signInBrowser(user, client, returnTo);
  });
}
