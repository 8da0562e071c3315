"use server";

import { configuredProviders } from "@/lib/providers/catalog";
import { goToProvider } from "@/lib/session/provider-callback";
import { safeReturnPath } from "@/lib/session/run-action";

/**
 * "Continue with {provider}" on /sign-in and /sign-up: off to the provider (next-auth sets its
 * state and PKCE cookies), back at its callback, then to `next`. The sign-in rate limit is applied
 * at the callback, where every provider sign-in ends.
 */
export async function continueWithProviderAction(provider: string, next?: string): Promise<void> {
  const configured = configuredProviders().find((candidate) => candidate.id === provider);
  if (configured) await goToProvider(configured.id, { intent: "sign-in", next: safeReturnPath(next) });
}
