import { z } from "zod";
import { tokenResponse } from "@/lib/accounts/token-response";
import { jsonResponse } from "@/lib/http/json-response";
import { finishMfaSignIn, MFA_METHODS } from "@/lib/two-factor/mfa-sign-in";
import {
  confirmTotpEnrolment,
  disableTotp,
  regenerateRecoveryCodes,
  startTotpEnrolment,
  twoFactorStatus,
} from "@/lib/two-factor/totp-enrolment";
import { confirmTotpSchema, mfaLoginSchema, passwordAndCodeSchema, startTotpSchema } from "@/lib/validation/two-factor";
import { tokenResponseSchema } from "@/lib/validation/user";
import { defineRoute } from "../define";
import { json, problems } from "../openapi";

/** Two-factor sign-in (the second step after the password) and the authenticator-app settings. */

const tags = ["two-factor"];

export const mfaChallengeSchema = z
  .object({
    mfaRequired: z.literal(true),
    mfaToken: z.string().meta({ description: "Send it with a code to POST /api/auth/login/mfa; used once" }),
    methods: z.array(z.enum(MFA_METHODS)),
    expiresIn: z.number().int().meta({ description: "Seconds until the mfaToken expires" }),
  })
  .meta({ id: "MfaChallenge" });

const recoveryCodesSchema = z
  .object({ recoveryCodes: z.array(z.string()).meta({ description: "10 single-use codes, shown this once" }) })
  .meta({ id: "RecoveryCodes" });

export const twoFactorRoutes = [
  defineRoute({
    method: "post",
    path: "/api/auth/login/mfa",
    summary: "Finish a sign-in with an authenticator-app code or a recovery code",
    tags: ["auth"],
    access: "public",
    rateLimit: "login-mfa",
    body: mfaLoginSchema,
    responses: { "200": json(tokenResponseSchema, "Signed in"), ...problems(401, 503) },
    handler: async ({ body, client }) => {
      const { user, method } = await finishMfaSignIn(body, client);
      return jsonResponse(await tokenResponse(user, client, method));
    },
  }),
  defineRoute({
    method: "get",
    path: "/api/account/mfa",
    summary: "Whether the authenticator app is on, and how many recovery codes are left",
    tags,
    access: "user",
    responses: {
      "200": json(
        z.object({ totp: z.enum(["off", "pending", "on"]), recoveryCodesLeft: z.number().int() }),
        "Two-factor status",
      ),
    },
    handler: async ({ user }) => {
      const { totp, recoveryCodesLeft } = await twoFactorStatus(user.id);
      return jsonResponse({ totp, recoveryCodesLeft });
    },
  }),
  defineRoute({
    method: "post",
    path: "/api/account/mfa/totp",
    summary: "Start setting up an authenticator app: a new secret, on once confirmed with a code",
    tags,
    access: "user",
    rateLimit: "account-change",
    body: startTotpSchema,
    responses: {
      "200": json(
        z.object({
          secret: z.string().meta({ description: "Base32 (RFC 4648, no padding), to type into the app" }),
          otpauthUri: z.string().meta({ description: "The same secret as an otpauth:// URI, for a QR code" }),
        }),
        "Pending until confirmed",
      ),
      ...problems(403, 409),
    },
    handler: async ({ user, body, client }) => jsonResponse(await startTotpEnrolment(user, body.password, client)),
  }),
  defineRoute({
    method: "post",
    path: "/api/account/mfa/totp/confirm",
    summary: "Turn the authenticator app on with its first code; answers the recovery codes",
    tags,
    access: "user",
    rateLimit: "account-change",
    body: confirmTotpSchema,
    responses: { "200": json(recoveryCodesSchema, "On"), ...problems(409) },
    handler: async ({ user, body, client }) => jsonResponse(await confirmTotpEnrolment(user, body.code, client)),
  }),
  defineRoute({
    method: "delete",
    path: "/api/account/mfa/totp",
    summary: "Turn the authenticator app off (its recovery codes go too)",
    tags,
    access: "user",
    rateLimit: "account-change",
    body: passwordAndCodeSchema,
    responses: { "204": { description: "Off" }, ...problems(403, 409) },
    handler: async ({ user, body, client }) => {
      await disableTotp(user, body, client);
      return new Response(null, { status: 204 });
    },
  }),
  defineRoute({
    method: "post",
    path: "/api/account/mfa/recovery-codes",
    summary: "A new set of recovery codes; the old set stops working",
    tags,
    access: "user",
    rateLimit: "account-change",
    body: passwordAndCodeSchema,
    responses: { "200": json(recoveryCodesSchema, "New codes"), ...problems(403, 409) },
    handler: async ({ user, body, client }) => jsonResponse(await regenerateRecoveryCodes(user, body, client)),
  }),
];
