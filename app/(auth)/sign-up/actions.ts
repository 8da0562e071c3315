"use server";

import { registerUser } from "@/lib/accounts/register";
import { signInBrowser } from "@/lib/session/browser-sign-in";
import type { FormState } from "@/lib/session/form-state";
import { runAction } from "@/lib/session/run-action";

export async function signUpAction(values: unknown): Promise<FormState> {
  return runAction({ rateLimit: "register" }, async ({ client }) => {
    await signInBrowser(await registerUser(values, client), client, "/account");
  });
}
