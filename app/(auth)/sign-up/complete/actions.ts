"use server";

import { completeProviderSignUp, PROVIDER_SIGN_UP_EXPIRED } from "@/lib/providers/sign-up";
import { signInBrowser } from "@/lib/session/browser-sign-in";
import { providerSignUpCookie } from "@/lib/session/flow-cookie";
import type { FormState } from "@/lib/session/form-state";
import { runAction } from "@/lib/session/run-action";

/** The end of a first sign-in with a provider: the account, its link, and a session. */
export async function completeProviderSignUpAction(values: unknown): Promise<FormState> {
  return runAction({ rateLimit: "register" }, async ({ client }) => {
    const token = await providerSignUpCookie.read();
    if (!token) return { formError: PROVIDER_SIGN_UP_EXPIRED };
    const user = await completeProviderSignUp(token, values, client);
    await providerSignUpCookie.delete();
    await signInBrowser(user, client, "/account");
  });
}
