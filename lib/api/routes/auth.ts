import { z } from "zod";
import { authenticate } from "@/lib/accounts/authenticate";
import { PASSWORD_RESET_DONE, resetPassword } from "@/lib/accounts/password-reset";
import { forgotPasswordDetail, requestPasswordReset } from "@/lib/accounts/password-reset-request";
import { registerUser } from "@/lib/accounts/register";
import { tokenResponse } from "@/lib/accounts/token-response";
import { config } from "@/lib/config";
import { jsonResponse } from "@/lib/http/json-response";
import { forgotPasswordSchema, loginSchema } from "@/lib/validation/auth";
import { registerRequestSchema, resetPasswordRequestSchema } from "@/lib/validation/requests";
import { tokenResponseSchema, toUserJson, userJsonSchema } from "@/lib/validation/user";
import { startMfaSignIn } from "@/lib/two-factor/mfa-sign-in";
import { defineRoute } from "../define";
import { json, problems } from "../openapi";
import { mfaChallengeSchema } from "./two-factor";

/** Sign-up, sign-in, password recovery and the token's own user. */

const detailSchema = z.object({ detail: z.string() }).meta({ id: "Detail" });
const tags = ["auth"];

export const authRoutes = [
  defineRoute({
    method: "post",
    path: "/api/auth/register",
    summary: "Create an account",
    tags,
    access: "public",
    rateLimit: "register",
    body: z.looseObject({}),
    documentedBody: () => registerRequestSchema(config().phoneDefaultRegion),
    responses: { "201": json(tokenResponseSchema, "Created; signed in"), ...problems(409) },
    handler: async ({ body, client }) =>
      jsonResponse(await tokenResponse(await registerUser(body, client), client), { status: 201 }),
  }),
  defineRoute({
    method: "post",
    path: "/api/auth/login",
    summary: "Sign in by username or phone number",
    tags,
    access: "public",
    rateLimit: "login",
    body: loginSchema,
    responses: {
      "200": json(
        z.union([tokenResponseSchema, mfaChallengeSchema]),
        "Signed in; or, for a user with two-factor on, the second step's mfaToken",
      ),
      ...problems(401, 503),
    },
    handler: async ({ body, client }) => {
      const user = await authenticate(body, client);
      return jsonResponse(user.mfaEnabled ? await startMfaSignIn(user) : await tokenResponse(user, client));
    },
  }),
  defineRoute({
    method: "post",
    path: "/api/auth/forgot-password",
    summary: "E-mail a 6-digit reset code (same answer whether or not the e-mail is known)",
    tags,
    access: "public",
    rateLimit: "forgot-password",
    body: forgotPasswordSchema,
    // 202: the code's e-mail is queued, not sent.
    responses: { "202": json(detailSchema, "Accepted") },
    handler: async ({ body, client }) => {
      await requestPasswordReset(body, client);
      return jsonResponse({ detail: forgotPasswordDetail() }, { status: 202 });
    },
  }),
  defineRoute({
    method: "post",
    path: "/api/auth/reset-password",
    summary: "Set a new password with the e-mailed code; revokes every earlier token",
    tags,
    access: "public",
    rateLimit: "reset-password",
    body: z.looseObject({}),
    documentedBody: () => resetPasswordRequestSchema,
    responses: { "200": json(detailSchema, "Password changed") },
    handler: async ({ body, client }) => {
      await resetPassword(body, client);
      return jsonResponse({ detail: PASSWORD_RESET_DONE });
    },
  }),
  defineRoute({
    method: "get",
    path: "/api/auth/me",
    summary: "The user of the bearer token",
    tags,
    access: "user",
    responses: { "200": json(z.object({ user: userJsonSchema }), "The user") },
    handler: async ({ user }) => jsonResponse({ user: toUserJson(user) }),
  }),
];
