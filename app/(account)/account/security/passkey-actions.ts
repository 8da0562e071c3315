"use server";

import type { PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/server";
import { refresh } from "next/cache";
import { addPasskey, passkeyRegistrationOptions, removePasskey, renamePasskey } from "@/lib/passkeys";
import type { FormState } from "@/lib/session/form-state";
import { userAction } from "@/lib/session/user-action";

/** The passkeys of /account/security: the same domain functions as /api/account/passkeys. */

const options = { returnTo: "/account/security" } as const;

export type CreationOptionsState = FormState & { options?: PublicKeyCredentialCreationOptionsJSON };

export async function passkeyCreationOptionsAction(): Promise<CreationOptionsState> {
  return userAction(options, async (user): Promise<CreationOptionsState> => ({
    options: await passkeyRegistrationOptions(user),
  }));
}

/** The browser's answer to the options, with the optional name typed beside the button. */
export async function addPasskeyAction(response: unknown, name: string): Promise<FormState> {
  return userAction(options, async (user, client) => {
    const passkey = await addPasskey(user, { response, name }, client);
    refresh();
    return { success: `Passkey “${passkey.name}” added. You can sign in with it from now on.` };
  });
}

export async function renamePasskeyAction(id: string, values: unknown): Promise<FormState> {
  return userAction(options, async (user) => {
    const passkey = await renamePasskey(user.id, id, values);
    refresh();
    return { success: `Renamed to “${passkey.name}”.` };
  });
}

export async function removePasskeyAction(id: string): Promise<FormState> {
  return userAction(options, async (user, client) => {
    await removePasskey(user.id, id, client);
    refresh();
    return { success: "Passkey removed. It no longer signs you in." };
  });
}
