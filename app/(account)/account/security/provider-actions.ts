"use server";

import { refresh } from "next/cache";
import { configuredProviders, providerName } from "@/lib/providers/catalog";
import { disconnectProvider } from "@/lib/providers/links";
import type { FormState } from "@/lib/session/form-state";
import { goToProvider } from "@/lib/session/provider-callback";
import { userAction } from "@/lib/session/user-action";

/** Connecting and disconnecting identity providers on /account/security. */

const options = { returnTo: "/account/security" } as const;

/** Off to the provider; its callback links the identity to this session's user (if still signed in). */
export async function connectProviderAction(provider: string): Promise<FormState> {
  return userAction(options, async (user) => {
    const configured = configuredProviders().find((candidate) => candidate.id === provider);
    if (!configured) return { formError: "That provider is not available." };
    await goToProvider(configured.id, { intent: "connect", userId: user.id, sessionId: user.sessionId });
  });
}

export async function disconnectProviderAction(provider: string): Promise<FormState> {
  return userAction(options, async (user, client) => {
    await disconnectProvider(user.id, provider, client);
    refresh();
    return { success: `${providerName(provider)} disconnected.` };
  });
}
