"use server";

import { authenticate } from "@/lib/accounts/authenticate";
import { signInBrowser } from "@/lib/session/browser-sign-in";
import type { FormState } from "@/lib/session/form-state";
import { runAction, safeReturnPath } from "@/lib/session/run-action";
import { loginSchema } from "@/lib/validation/auth";

export async function signInAction(values: unknown, next?: string): Promise<FormState> {
  return runAction({ rateLimit: "login" }, async ({ client }) => {
    const user = await authenticate(loginSchema.parse(values), client);
    await signInBrowser(user, client, safeReturnPath(next));
  });
}
