"use server";

import { issueLoginTicket } from "@/lib/accounts/access-token";
import { registerUser } from "@/lib/accounts/register";
import type { FormState } from "@/lib/session/form-state";
import { signIn } from "@/lib/session/next-auth";
import { runAction } from "@/lib/session/run-action";

export async function signUpAction(values: unknown): Promise<FormState> {
  return runAction({ rateLimit: "register" }, async () => {
    const user = await registerUser(values);
    const ticket = await issueLoginTicket({ userId: user.id, tokenVersion: user.tokenVersion });
    await signIn("credentials", { ticket, redirectTo: "/account" });
  });
}
