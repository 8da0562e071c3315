import { z } from "zod";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { bearerAuth, json, problems } from "@/lib/openapi/common";
import { forgotPasswordSchema, loginSchema } from "@/lib/validation/auth";
import { registerRequestSchema, resetPasswordRequestSchema } from "@/lib/validation/requests";
import { tokenResponseSchema, userJsonSchema } from "@/lib/validation/user";

const detailSchema = z.object({ detail: z.string() }).meta({ id: "Detail" });

/** The public auth endpoints; the region only shapes examples, not the document's structure. */
export function authPaths(phoneRegion: string): ZodOpenApiPathsObject {
  return {
    "/api/auth/register": {
      post: {
        summary: "Create an account",
        tags: ["auth"],
        requestBody: { content: { "application/json": { schema: registerRequestSchema(phoneRegion) } } },
        responses: { "201": json(tokenResponseSchema, "Created; signed in"), ...problems(400, 409, 413, 415, 429) },
      },
    },
    "/api/auth/login": {
      post: {
        summary: "Sign in by username or phone number",
        tags: ["auth"],
        requestBody: { content: { "application/json": { schema: loginSchema } } },
        responses: { "200": json(tokenResponseSchema, "Signed in"), ...problems(400, 401, 415, 429, 503) },
      },
    },
    "/api/auth/forgot-password": {
      post: {
        summary: "E-mail a 6-digit reset code (same answer whether or not the e-mail is known)",
        tags: ["auth"],
        requestBody: { content: { "application/json": { schema: forgotPasswordSchema } } },
        responses: { "202": json(detailSchema, "Accepted"), ...problems(400, 415, 429) },
      },
    },
    "/api/auth/reset-password": {
      post: {
        summary: "Set a new password with the e-mailed code; revokes every earlier token",
        tags: ["auth"],
        requestBody: { content: { "application/json": { schema: resetPasswordRequestSchema } } },
        responses: { "200": json(detailSchema, "Password changed"), ...problems(400, 415, 429) },
      },
    },
    "/api/auth/me": {
      get: {
        summary: "The user of the bearer token",
        tags: ["auth"],
        security: bearerAuth,
        responses: { "200": json(z.object({ user: userJsonSchema }), "The user"), ...problems(401) },
      },
    },
  };
}
