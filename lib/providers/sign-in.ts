import { z } from "zod";
import { createChallenge, liveChallenge } from "@/lib/accounts/auth-challenge";
import { takenFields } from "@/lib/accounts/taken-fields";
import { tokenUserSelect, type TokenUser } from "@/lib/accounts/token-user";
import { getDb } from "@/lib/db";
import { deletedScope } from "@/lib/db/users";
import { recordAttempt } from "@/lib/events/record";
import type { ClientInfo } from "@/lib/events/types";
import { logger } from "@/lib/log";
import { PROVIDER_IDS } from "./catalog";
import { linkedUserId, type ProviderIdentity } from "./links";

/**
 * What a sign-in with an identity provider leads to, once the provider has vouched for the
 * identity (next-auth checked state, PKCE and the code exchange):
 * - linked to an active account: that user, to sign in (after the second factor if they have one);
 * - linked to an inactive or deleted one: refused, as a password sign-in would be;
 * - not linked, and its e-mail is an existing account's: refused. An identity is never joined to
 *   an account by e-mail, since whoever controls an address at some provider would then own every
 *   account using it; the owner signs in and connects the provider instead;
 * - not linked: a pending sign-up (a token for /sign-up/complete), which the user finishes with a
 *   username and phone number.
 */
export type ProviderSignIn =
  | { outcome: "signed-in"; user: TokenUser }
  | { outcome: "refused" }
  | { outcome: "email-in-use" }
  | { outcome: "sign-up"; token: string; expiresIn: number };

/** How long a first sign-in may take to pick a username and phone number. */
export const PROVIDER_SIGN_UP_TTL_SECONDS = 15 * 60;

export async function providerSignIn(identity: ProviderIdentity, client: ClientInfo): Promise<ProviderSignIn> {
  const userId = await linkedUserId(identity);
  if (userId) {
    const db = await getDb();
    const user = await db.user.findFirst({
      where: { id: userId, ...deletedScope("include") },
      select: tokenUserSelect,
    });
    if (user && user.isActive && user.deletedAt === null) return { outcome: "signed-in", user };
    logger.warn({ ip: client.ip, provider: identity.provider, reason: "inactive or deleted" }, "login failed");
    await recordAttempt({
      type: "sign_in_failed",
      userId,
      client,
      detail: { reason: "inactive or deleted", provider: identity.provider },
    });
    return { outcome: "refused" };
  }
  if (identity.email && (await takenFields({ email: identity.email })).email) {
    logger.info({ ip: client.ip, provider: identity.provider }, "provider e-mail belongs to another account");
    return { outcome: "email-in-use" };
  }
  const token = await createChallenge("provider_sign_up", undefined, PROVIDER_SIGN_UP_TTL_SECONDS, identity);
  return { outcome: "sign-up", token, expiresIn: PROVIDER_SIGN_UP_TTL_SECONDS };
}

const identitySchema = z.object({
  provider: z.enum(PROVIDER_IDS),
  providerAccountId: z.string().min(1),
  email: z.string().optional(),
  emailVerified: z.boolean(),
});

/** Parses a provider sign-up challenge's payload back into the identity it was made for. */
export function identityOf(payload: unknown): ProviderIdentity | undefined {
  const parsed = identitySchema.safeParse(payload);
  return parsed.success ? parsed.data : undefined;
}

/** The identity of a pending sign-up, while its token is live: what /sign-up/complete shows. */
export async function pendingSignUp(token: string): Promise<ProviderIdentity | undefined> {
  const challenge = await liveChallenge("provider_sign_up", token, 1);
  return challenge ? identityOf(challenge.payload) : undefined;
}
