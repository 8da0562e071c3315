import { z } from "zod";
import type { PublicUser } from "@/lib/db/users";

/** A user as every response shows one: never a password hash, a code or a token version. */
export const userJsonSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    phoneNumber: z.string().meta({ example: "+14155552671" }),
    email: z.string().nullable(),
    emailVerified: z.boolean().meta({ description: "Whether the user proved they receive mail at `email`" }),
    isActive: z.boolean(),
    isStaff: z.boolean(),
    mfaEnabled: z
      .boolean()
      .meta({ description: "Whether signing in with the password also asks for an authenticator-app code" }),
    dateJoined: z.iso.datetime(),
    deletedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "User" });
export type UserJson = z.infer<typeof userJsonSchema>;

/** Picks the public fields one by one, so nothing else on the row can slip through. */
export function toUserJson(user: PublicUser): UserJson {
  return {
    id: user.id,
    username: user.username,
    phoneNumber: user.phoneNumber,
    email: user.email,
    emailVerified: user.emailVerified !== null,
    isActive: user.isActive,
    isStaff: user.isStaff,
    mfaEnabled: user.mfaEnabled,
    dateJoined: user.dateJoined.toISOString(),
    deletedAt: user.deletedAt ? user.deletedAt.toISOString() : null,
  };
}

export const tokenResponseSchema = z
  .object({
    user: userJsonSchema,
    accessToken: z.string(),
    tokenType: z.literal("Bearer"),
    expiresIn: z.number().int().meta({ description: "Seconds until the token expires" }),
  })
  .meta({ id: "TokenResponse" });
