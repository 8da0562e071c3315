import { z } from "zod";

/**
 * Schemas of passkeys (WebAuthn) for the forms, the server actions and the API alike. Client-safe.
 * A response is the browser's PublicKeyCredential as JSON (toJSON(), or @simplewebauthn/browser's
 * answer): checked here for shape only; its signatures are the domain's to verify.
 */

const base64url = (what: string, max = 16_384) =>
  z
    .string({ error: `Send ${what}.` })
    .min(1, `Send ${what}.`)
    .max(max, `${what} is too long.`)
    .regex(/^[A-Za-z0-9_-]+$/, `${what} must be base64url.`);

const credentialFields = {
  id: base64url("the credential id", 1024),
  rawId: base64url("the raw credential id", 1024),
  type: z.literal("public-key", { error: 'type must be "public-key".' }),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
};

export const registrationResponseSchema = z
  .object({
    ...credentialFields,
    response: z.object({
      clientDataJSON: base64url("clientDataJSON"),
      attestationObject: base64url("attestationObject"),
      authenticatorData: base64url("authenticatorData").optional(),
      transports: z.array(z.string().max(32)).max(16).optional(),
      publicKeyAlgorithm: z.number().int().optional(),
      publicKey: base64url("publicKey").optional(),
    }),
  })
  .meta({
    id: "PasskeyRegistrationResponse",
    description: "The PublicKeyCredential of navigator.credentials.create(), as JSON (toJSON())",
  });

export const authenticationResponseSchema = z
  .object({
    ...credentialFields,
    response: z.object({
      clientDataJSON: base64url("clientDataJSON"),
      authenticatorData: base64url("authenticatorData"),
      signature: base64url("signature", 2048),
      userHandle: base64url("userHandle", 256).optional(),
    }),
  })
  .meta({
    id: "PasskeyAuthenticationResponse",
    description: "The PublicKeyCredential of navigator.credentials.get(), as JSON (toJSON())",
  });

export const PASSKEY_NAME_MAX = 64;

/** What a person calls a passkey ("Work laptop"); empty means "name it for me" where a name is optional. */
export const passkeyNameSchema = z
  .string({ error: "Enter a name for the passkey." })
  .trim()
  .max(PASSKEY_NAME_MAX, `Use at most ${PASSKEY_NAME_MAX} characters.`)
  .meta({ description: "A name to tell passkeys apart", example: "Work laptop" });

const requiredName = passkeyNameSchema.min(1, "Enter a name for the passkey.");

export const addPasskeySchema = z
  .object({
    response: registrationResponseSchema,
    name: passkeyNameSchema
      .optional()
      .meta({ description: "Optional; without one the passkey is named after its provider or the day" }),
  })
  .meta({ id: "AddPasskeyRequest" });
export type AddPasskeyInput = z.output<typeof addPasskeySchema>;

export const renamePasskeySchema = z.object({ name: requiredName }).meta({ id: "RenamePasskeyRequest" });

export const passkeySignInSchema = z
  .object({ response: authenticationResponseSchema })
  .meta({ id: "PasskeySignInRequest" });

/** The forms' fields: the optional name of a new passkey, and a new name for one. */
export const addPasskeyFormSchema = z.object({ name: passkeyNameSchema });
export type AddPasskeyFormValues = z.input<typeof addPasskeyFormSchema>;
export const renamePasskeyFormSchema = renamePasskeySchema;
export type RenamePasskeyFormValues = z.input<typeof renamePasskeyFormSchema>;

export const passkeyJsonSchema = z
  .object({
    id: z.string().meta({ description: "The credential id (base64url)" }),
    name: z.string(),
    createdAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime().nullable().meta({ description: "The last sign-in with it; null before the first" }),
  })
  .meta({ id: "Passkey" });
export type PasskeyJson = z.infer<typeof passkeyJsonSchema>;

export function toPasskeyJson(passkey: { id: string; name: string; createdAt: Date; lastUsedAt: Date | null }) {
  return {
    id: passkey.id,
    name: passkey.name,
    createdAt: passkey.createdAt.toISOString(),
    lastUsedAt: passkey.lastUsedAt?.toISOString() ?? null,
  } satisfies PasskeyJson;
}

const descriptor = z.object({
  id: z.string(),
  type: z.literal("public-key"),
  transports: z.array(z.string()).optional(),
});

/** What the browser passes to navigator.credentials.create() (PublicKeyCredentialCreationOptionsJSON). */
export const creationOptionsJsonSchema = z
  .looseObject({
    challenge: z.string().meta({ description: "base64url; answered once, within 5 minutes" }),
    rp: z.object({ id: z.string().optional(), name: z.string() }),
    user: z.object({ id: z.string(), name: z.string(), displayName: z.string() }),
    pubKeyCredParams: z.array(z.object({ type: z.literal("public-key"), alg: z.number().int() })),
    timeout: z.number().int().optional(),
    excludeCredentials: z.array(descriptor).optional(),
    authenticatorSelection: z.record(z.string(), z.unknown()).optional(),
    attestation: z.string().optional(),
  })
  .meta({ id: "PublicKeyCredentialCreationOptionsJSON" });

/** What the browser passes to navigator.credentials.get() (PublicKeyCredentialRequestOptionsJSON). */
export const requestOptionsJsonSchema = z
  .looseObject({
    challenge: z.string().meta({ description: "base64url; answered once, within 5 minutes" }),
    rpId: z.string().optional(),
    timeout: z.number().int().optional(),
    allowCredentials: z.array(descriptor).optional(),
    userVerification: z.string().optional(),
  })
  .meta({ id: "PublicKeyCredentialRequestOptionsJSON" });
