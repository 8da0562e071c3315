import { z } from "zod";
import { listOwnEvents } from "@/lib/accounts/account-data";
import {
  EMAIL_CHANGE_SENT,
  requestEmailChange,
  requestEmailVerification,
  VERIFICATION_SENT,
  verifyEmail,
} from "@/lib/accounts/email-verification";
import { changePassword, changePhone, deleteOwnAccount } from "@/lib/accounts/self-service";
import { RECENT_SIGN_IN_MINUTES } from "@/lib/accounts/confirm-password";
import { tokenResponse } from "@/lib/accounts/token-response";
import { config } from "@/lib/config";
import { accountExportResponse } from "@/lib/http/account-export-response";
import { jsonResponse } from "@/lib/http/json-response";
import { endOtherSessions, endSession, listSessions } from "@/lib/sessions/sessions";
import { eventJsonSchema, pageQuerySchema, sessionJsonSchema, toSessionJson } from "@/lib/validation/account";
import { otpSchema } from "@/lib/validation/auth";
import { emailSchema } from "@/lib/validation/fields";
import { phoneNumberSchema } from "@/lib/validation/phone";
import { changePasswordRequestSchema } from "@/lib/validation/requests";
import { tokenResponseSchema, toUserJson, userJsonSchema } from "@/lib/validation/user";
import { defineRoute } from "../define";
import { json, problems } from "../openapi";

/**
 * The signed-in user's own account: sessions, e-mail, phone, password, deletion, data and
 * activity. Changes ask for the password again; a wrong one is a 403 and counts toward the lockout.
 */

const tags = ["account"];
const detailSchema = z.object({ detail: z.string() });
const userResponse = z.object({ user: userJsonSchema });
const password = z.string().meta({ description: "The current password, asked again" });
const noContent = (status = 204) => new Response(null, { status });

export const accountRoutes = [
  defineRoute({
    method: "post",
    path: "/api/auth/logout",
    summary: "End the calling token's session",
    tags: ["auth"],
    access: "user",
    responses: { "204": { description: "Signed out" } },
    handler: async ({ user, client }) => {
      await endSession(user, user.sessionId, { client, reason: "sign_out" });
      return noContent();
    },
  }),
  defineRoute({
    method: "get",
    path: "/api/account/sessions",
    summary: "The caller's live sessions, newest first",
    tags,
    access: "user",
    responses: { "200": json(z.object({ items: z.array(sessionJsonSchema) }), "Live sessions") },
    handler: async ({ user }) =>
      jsonResponse({ items: (await listSessions(user)).map((session) => toSessionJson(session, user.sessionId)) }),
  }),
  defineRoute({
    method: "delete",
    path: "/api/account/sessions/{id}",
    summary: "End one of the caller's sessions",
    tags,
    access: "user",
    params: z.object({ id: z.string().meta({ description: "Session id" }) }),
    responses: { "204": { description: "Ended" }, ...problems(404) },
    handler: async ({ user, params, client }) => {
      await endSession(user, params.id, { client, reason: "revoked" });
      return noContent();
    },
  }),
  defineRoute({
    method: "post",
    path: "/api/account/sessions/revoke-others",
    summary: "End every session of the caller but this one",
    tags,
    access: "user",
    responses: { "200": json(z.object({ revoked: z.number().int() }), "How many ended") },
    handler: async ({ user, client }) =>
      jsonResponse({ revoked: await endOtherSessions(user, user.sessionId, { client, reason: "revoked_others" }) }),
  }),
  defineRoute({
    method: "post",
    path: "/api/account/email/verification",
    summary: "E-mail a 6-digit code to the current address",
    tags,
    access: "user",
    rateLimit: "email-code",
    responses: { "202": json(detailSchema, "Code sent"), ...problems(400, 409) },
    handler: async ({ user }) => {
      await requestEmailVerification(user);
      return jsonResponse({ detail: VERIFICATION_SENT }, { status: 202 });
    },
  }),
  defineRoute({
    method: "post",
    path: "/api/account/email/verify",
    summary: "Verify the e-mail (or complete a change of it) with the e-mailed code",
    tags,
    access: "user",
    rateLimit: "email-code",
    body: z.looseObject({}),
    documentedBody: () => z.object({ code: otpSchema }),
    responses: { "200": json(userResponse, "Verified"), ...problems(409) },
    handler: async ({ user, body, client }) =>
      jsonResponse({ user: toUserJson(await verifyEmail(user, body, client)) }),
  }),
  defineRoute({
    method: "put",
    path: "/api/account/email",
    summary: "Change the e-mail: a code goes to the new address, which takes effect once verified",
    tags,
    access: "user",
    rateLimit: "account-change",
    body: z.looseObject({}),
    documentedBody: () => z.object({ password, email: emailSchema }),
    responses: { "202": json(detailSchema, "Code sent to the new address"), ...problems(403, 409) },
    handler: async ({ user, body, client }) => {
      await requestEmailChange(user, body, client);
      return jsonResponse({ detail: EMAIL_CHANGE_SENT }, { status: 202 });
    },
  }),
  defineRoute({
    method: "put",
    path: "/api/account/phone",
    summary: "Change the phone number",
    tags,
    access: "user",
    rateLimit: "account-change",
    body: z.looseObject({}),
    documentedBody: () => z.object({ password, phoneNumber: phoneNumberSchema(config().phoneDefaultRegion) }),
    responses: { "200": json(userResponse, "Changed"), ...problems(403, 409) },
    handler: async ({ user, body, client }) =>
      jsonResponse({ user: toUserJson(await changePhone(user, body, client)) }),
  }),
  defineRoute({
    method: "put",
    path: "/api/account/password",
    summary: `Change the password (an account with none sets its first without currentPassword, within ${RECENT_SIGN_IN_MINUTES} min of signing in): every session ends; the caller gets a new one`,
    tags,
    access: "user",
    rateLimit: "account-change",
    body: z.looseObject({}),
    documentedBody: () => changePasswordRequestSchema,
    responses: { "200": json(tokenResponseSchema, "Changed; a new token"), ...problems(403) },
    handler: async ({ user, body, client }) =>
      jsonResponse(await tokenResponse(await changePassword(user, body, client), client)),
  }),
  defineRoute({
    method: "delete",
    path: "/api/account",
    summary: "Delete one's own account (soft delete: staff can restore it); every session ends",
    tags,
    access: "user",
    rateLimit: "account-change",
    body: z.looseObject({}),
    documentedBody: () => z.object({ password }),
    responses: { "204": { description: "Deleted" }, ...problems(403) },
    handler: async ({ user, body, client }) => {
      await deleteOwnAccount(user, body, client);
      return noContent();
    },
  }),
  defineRoute({
    method: "get",
    path: "/api/account/export",
    summary: "Everything held about the caller, as a JSON download (never a hash or secret)",
    tags,
    access: "user",
    responses: { "200": { description: "JSON attachment", content: { "application/json": { schema: z.object({}) } } } },
    handler: async ({ user }) => accountExportResponse(user),
  }),
  defineRoute({
    method: "get",
    path: "/api/account/events",
    summary: "The caller's security activity, newest first",
    tags,
    access: "user",
    query: pageQuerySchema,
    responses: {
      "200": json(
        z.object({ items: z.array(eventJsonSchema), page: z.number().int(), pageSize: z.number().int() }),
        "One page of events",
      ),
    },
    handler: async ({ user, query }) => jsonResponse(await listOwnEvents(user.id, query)),
  }),
];
