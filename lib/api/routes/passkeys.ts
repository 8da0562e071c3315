import { z } from "zod";
import { tokenResponse } from "@/lib/accounts/token-response";
import { jsonResponse } from "@/lib/http/json-response";
import {
  addPasskey,
  listPasskeys,
  passkeyRegistrationOptions,
  passkeySignInOptions,
  removePasskey,
  renamePasskey,
  verifyPasskeySignIn,
} from "@/lib/passkeys";
import {
  addPasskeySchema,
  creationOptionsJsonSchema,
  passkeyJsonSchema,
  passkeySignInSchema,
  renamePasskeySchema,
  requestOptionsJsonSchema,
  toPasskeyJson,
} from "@/lib/validation/passkeys";
import { tokenResponseSchema } from "@/lib/validation/user";
import { defineRoute } from "../define";
import { json, problems } from "../openapi";

/**
 * Passkeys (WebAuthn): the signed-in user adds, lists, renames and removes theirs; anyone signs
 * in with one. Bodies are validated by the domain (one 400 mapping for a malformed response, its
 * own message for one that does not verify), so the documented schemas are the domain's.
 */

const tags = ["passkeys"];
const passkeyResponse = z.object({ passkey: passkeyJsonSchema });
const idParams = z.object({ id: z.string().min(1).max(1024).meta({ description: "The passkey's credential id" }) });

export const passkeyRoutes = [
  defineRoute({
    method: "post",
    path: "/api/account/passkeys/options",
    summary: "Options to create a passkey (pass them to navigator.credentials.create); valid 5 minutes",
    tags,
    access: "user",
    responses: { "200": json(creationOptionsJsonSchema, "WebAuthn creation options") },
    handler: async ({ user }) => jsonResponse(await passkeyRegistrationOptions(user)),
  }),
  defineRoute({
    method: "post",
    path: "/api/account/passkeys",
    summary: "Add a passkey: the browser's answer to the creation options, verified and saved at once",
    tags,
    access: "user",
    body: z.looseObject({}),
    documentedBody: () => addPasskeySchema,
    responses: { "201": json(passkeyResponse, "Added") },
    handler: async ({ user, body, client }) =>
      jsonResponse({ passkey: toPasskeyJson(await addPasskey(user, body, client)) }, { status: 201 }),
  }),
  defineRoute({
    method: "get",
    path: "/api/account/passkeys",
    summary: "The caller's passkeys, oldest first",
    tags,
    access: "user",
    responses: { "200": json(z.object({ items: z.array(passkeyJsonSchema) }), "Passkeys") },
    handler: async ({ user }) => jsonResponse({ items: (await listPasskeys(user.id)).map(toPasskeyJson) }),
  }),
  defineRoute({
    method: "patch",
    path: "/api/account/passkeys/{id}",
    summary: "Rename one of the caller's passkeys",
    tags,
    access: "user",
    params: idParams,
    body: z.looseObject({}),
    documentedBody: () => renamePasskeySchema,
    responses: { "200": json(passkeyResponse, "Renamed"), ...problems(404) },
    handler: async ({ user, params, body }) =>
      jsonResponse({ passkey: toPasskeyJson(await renamePasskey(user.id, params.id, body)) }),
  }),
  defineRoute({
    method: "delete",
    path: "/api/account/passkeys/{id}",
    summary: "Remove one of the caller's passkeys; it no longer signs in",
    tags,
    access: "user",
    params: idParams,
    responses: { "204": { description: "Removed" }, ...problems(404) },
    handler: async ({ user, params, client }) => {
      await removePasskey(user.id, params.id, client);
      return new Response(null, { status: 204 });
    },
  }),
  defineRoute({
    method: "post",
    path: "/api/auth/passkey/options",
    summary: "Options to sign in with a passkey (pass them to navigator.credentials.get); valid 5 minutes",
    tags: ["auth"],
    access: "public",
    rateLimit: "passkey-options",
    responses: { "200": json(requestOptionsJsonSchema, "WebAuthn request options") },
    handler: async () => jsonResponse(await passkeySignInOptions()),
  }),
  defineRoute({
    method: "post",
    path: "/api/auth/passkey/verify",
    summary: "Sign in with a passkey: the browser's answer to the request options; no second step follows",
    tags: ["auth"],
    access: "public",
    rateLimit: "passkey-verify",
    body: z.looseObject({}),
    documentedBody: () => passkeySignInSchema,
    responses: { "200": json(tokenResponseSchema, "Signed in"), ...problems(401, 503) },
    handler: async ({ body, client }) =>
      jsonResponse(await tokenResponse(await verifyPasskeySignIn(body, client), client, "passkey")),
  }),
];
