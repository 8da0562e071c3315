"use server";

import { redirect } from "next/navigation";
import { requestPasswordReset } from "@/lib/accounts/password-reset-request";
import type { FormState } from "@/lib/session/form-state";
import { runAction } from "@/lib/session/run-action";
import { forgotPasswordSchema } from "@/lib/validation/auth";

export async function forgotPasswordAction(values: unknown): Promise<FormState> {
  return runAction({ rateLimit: "forgot-password" }, async ({ client }) => {
    const { email } = forgotPasswordSchema.parse(values);
    await requestPasswordReset({ email }, client);
    // The same next step whether or not the e-mail is known; the reset form starts filled in.
    redirect(`/reset-password?${new URLSearchParams({ email, sent: "1" })}`);
  });
}
