import { z } from "zod";
import {
  resetTwoFactor,
  sendPasswordReset,
  signOutEverywhere,
  unlockUser,
  userEvents,
  userSessions,
  userSignInMethods,
} from "@/lib/admin/security-actions";
import { jsonResponse } from "@/lib/http/json-response";
import { eventJsonSchema, pageQuerySchema, sessionJsonSchema, toSessionJson } from "@/lib/validation/account";
import { passkeyJsonSchema, toPasskeyJson } from "@/lib/validation/passkeys";
import { defineRoute } from "../define";
import { json, problems } from "../openapi";

/**
 * One user's security, as support sees and changes it: sessions, events, sign out everywhere,
 * unlock, reset two-factor, send a password reset.
 */

const tags = ["admin"];
const idParam = z.object({ id: z.string().meta({ description: "User id" }) });

const signInMethodsSchema = z
  .object({
    hasPassword: z
      .boolean()
      .meta({ description: "False for an account made with an identity provider and no password" }),
    mfaEnabled: z.boolean().meta({ description: "Whether an authenticator app is asked for after the password" }),
    passkeys: z.array(passkeyJsonSchema),
    providers: z.array(z.object({ provider: z.string().meta({ example: "github" }), linkedAt: z.iso.datetime() })),
  })
  .meta({ id: "SignInMethods" });

export const adminUserSecurityRoutes = [
  defineRoute({
    method: "get",
    path: "/api/admin/users/{id}/sessions",
    summary: "The user's live sessions, newest first",
    tags,
    access: "staff",
    params: idParam,
    responses: { "200": json(z.object({ items: z.array(sessionJsonSchema) }), "Live sessions"), ...problems(404) },
    handler: async ({ params }) =>
      // No session of theirs is the caller's: `current` is false throughout.
      jsonResponse({ items: (await userSessions(params.id)).map((session) => toSessionJson(session, undefined)) }),
  }),
  defineRoute({
    method: "get",
    path: "/api/admin/users/{id}/sign-in-methods",
    summary: "How the user signs in besides the password: two-factor, passkeys, linked identity providers",
    tags,
    access: "staff",
    params: idParam,
    responses: { "200": json(signInMethodsSchema, "Sign-in methods"), ...problems(404) },
    handler: async ({ params }) => {
      const { hasPassword, mfaEnabled, passkeys, providers } = await userSignInMethods(params.id);
      return jsonResponse({
        hasPassword,
        mfaEnabled,
        passkeys: passkeys.map(toPasskeyJson),
        providers: providers.map((link) => ({ provider: link.provider, linkedAt: link.linkedAt.toISOString() })),
      });
    },
  }),
  defineRoute({
    method: "post",
    path: "/api/admin/users/{id}/sessions/revoke",
    summary: "Sign the user out everywhere: every live session ends (not for one's own account)",
    tags,
    access: "staff",
    params: idParam,
    responses: {
      "200": json(z.object({ revoked: z.number().int().meta({ description: "How many sessions ended" }) }), "Done"),
      ...problems(404),
    },
    handler: async ({ params, user }) => jsonResponse({ revoked: await signOutEverywhere(user, params.id) }),
  }),
  defineRoute({
    method: "post",
    path: "/api/admin/users/{id}/mfa/reset",
    summary: "Turn the user's authenticator app off and void their recovery codes (not for one's own account)",
    tags,
    access: "staff",
    params: idParam,
    responses: { "204": { description: "Reset" }, ...problems(404) },
    handler: async ({ params, user }) => {
      await resetTwoFactor(user, params.id);
      return new Response(null, { status: 204 });
    },
  }),
  defineRoute({
    method: "post",
    path: "/api/admin/users/{id}/unlock",
    summary: "Clear every sign-in lockout of the user: per IP, from every address, and account-wide",
    tags,
    access: "staff",
    params: idParam,
    responses: { "204": { description: "Unlocked (also when nothing was locked)" }, ...problems(404, 503) },
    handler: async ({ params, user }) => {
      await unlockUser(user, params.id);
      return new Response(null, { status: 204 });
    },
  }),
  defineRoute({
    method: "post",
    path: "/api/admin/users/{id}/password-reset",
    summary:
      "Mail the user a password-reset code (the forgot-password e-mail) and end their sessions (not for one's own account)",
    tags,
    access: "staff",
    params: idParam,
    responses: {
      "202": { description: "Code queued for the user's e-mail; their sessions ended" },
      ...problems(400, 404),
    },
    handler: async ({ params, user }) => {
      await sendPasswordReset(user, params.id);
      return new Response(null, { status: 202 });
    },
  }),
  defineRoute({
    method: "get",
    path: "/api/admin/users/{id}/events",
    summary: "The user's security events, newest first",
    tags,
    access: "staff",
    params: idParam,
    query: pageQuerySchema,
    responses: {
      "200": json(
        z.object({ items: z.array(eventJsonSchema), page: z.number().int(), pageSize: z.number().int() }),
        "One page of events",
      ),
      ...problems(404),
    },
    handler: async ({ params, query }) => jsonResponse(await userEvents(params.id, query)),
  }),
];
