"use server";

import { redirect } from "next/navigation";
import { resetPassword } from "@/lib/accounts/password-reset";
import type { FormState } from "@/lib/session/form-state";
import { runAction } from "@/lib/session/run-action";

export async function resetPasswordAction(values: unknown): Promise<FormState> {
  return runAction({ rateLimit: "reset-password" }, async ({ client }) => {
    // The domain validates: it checks the code before the password rules.
    await resetPassword(values, client);
    redirect("/sign-in?notice=reset");
  });
}
