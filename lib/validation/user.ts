import { z } from "zod";
import type { PublicUser } from "@/lib/db/users";

/** What an id looks like, for the API reference's examples. */
export const USER_ID_EXAMPLE = "cm4b2x9k70000qz8l3v6d1f2a";

/** A user as every response shows one: never a password hash, a code or a token version. */
export const userJsonSchema = z
  .object({
    id: z.string().meta({ example: USER_ID_EXAMPLE }),
    username: z.string().meta({ example: "ada_l" }),
    phoneNumber: z.string().meta({ example: "+14155552671" }),
    email: z.string().nullable().meta({ example: "ada@example.com" }),
    emailVerified: z.boolean().meta({ description: "Whether the user proved they receive mail at `email`" }),
    isActive: z.boolean(),
    isStaff: z.boolean(),
    mfaEnabled: z
      .boolean()
      .meta({ description: "Whether signing in with the password also asks for an authenticator-app code" }),
    dateJoined: z.iso.datetime(),
    deletedAt: z.iso.datetime().nullable().meta({ example: null }),
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
    accessToken: z.string().meta({ example: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjbTRiMng5azcifQ.c2lnbmF0dXJl" }),
    tokenType: z.literal("Bearer"),
    expiresIn: z.number().int().meta({ description: "Seconds until the token expires" }),
  })
  .meta({ id: "TokenResponse" });
