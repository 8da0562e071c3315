"use server";

import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { passkeySignInOptions, verifyPasskeySignIn } from "@/lib/passkeys";
import { signInBrowser } from "@/lib/session/browser-sign-in";
import type { FormState } from "@/lib/session/form-state";
import { runAction, safeReturnPath } from "@/lib/session/run-action";

/** "Sign in with a passkey" and the browser's passkey autofill: the same limits and checks as /api/auth/passkey/*. */

export type RequestOptionsState = FormState & { options?: PublicKeyCredentialRequestOptionsJSON };

export async function passkeySignInOptionsAction(): Promise<RequestOptionsState> {
  return runAction({ rateLimit: "passkey-options" }, async (): Promise<RequestOptionsState> => ({
    options: await passkeySignInOptions(),
  }));
}

/** A verified passkey signs the browser in at once (no second step) and goes to `next`. */
export async function passkeySignInAction(response: unknown, next?: string): Promise<FormState> {
  return runAction({ rateLimit: "passkey-verify" }, async ({ client }) => {
    const user = await verifyPasskeySignIn({ response }, client);
    await signInBrowser(user, client, safeReturnPath(next), "passkey");
  });
}
