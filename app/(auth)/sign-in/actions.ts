"use server";

import { issueLoginTicket } from "@/lib/accounts/access-token";
import { authenticate } from "@/lib/accounts/authenticate";
import type { FormState } from "@/lib/session/form-state";
import { signIn } from "@/lib/session/next-auth";
import { runAction, safeReturnPath } from "@/lib/session/run-action";
import { loginSchema } from "@/lib/validation/auth";

export async function signInAction(values: unknown, next?: string): Promise<FormState> {
  return runAction({ rateLimit: "login" }, async ({ ip }) => {
    const user = await authenticate(loginSchema.parse(values), ip);
    const ticket = await issueLoginTicket({ userId: user.id, tokenVersion: user.tokenVersion });
    await signIn("credentials", { ticket, redirectTo: safeReturnPath(next) });
  });
}
