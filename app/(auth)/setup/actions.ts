"use server";

import { signInBrowser } from "@/lib/session/browser-sign-in";
import type { FormState } from "@/lib/session/form-state";
import { runAction } from "@/lib/session/run-action";
import { completeFirstRunSetup } from "@/lib/setup/first-run";

/** The first staff account, from the first-run link's token; signed in, to the staff console. */
export async function firstRunSetupAction(token: string, values: unknown): Promise<FormState> {
  return runAction({ rateLimit: "register" }, async ({ client }) => {
    await signInBrowser(await completeFirstRunSetup(token, values, client), client, "/admin");
  });
}
