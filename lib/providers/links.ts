import { getDb } from "@/lib/db";
import type { Tx } from "@/lib/db/transaction";
import { Prisma } from "@/lib/generated/prisma/client";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { recordEvents } from "@/lib/events/record";
import type { ClientInfo } from "@/lib/events/types";
import type { ProviderId } from "./catalog";
import { removeSignInMethod } from "./last-method";

/**
 * Links between accounts and provider identities, kept in @auth/prisma-adapter's Account table
 * (one row per provider and provider-side account id). Only the link is kept: the provider's
 * access and refresh tokens are not stored, because nothing here calls the provider afterwards
 * and a token kept is a token that can leak.
 */

/** Who the provider says signed in: its stable account id, and the e-mail it gave if any. */
export type ProviderIdentity = {
  provider: ProviderId;
  providerAccountId: string;
  email?: string;
  /** Whether the provider says it proved the address belongs to this identity. */
  emailVerified: boolean;
};

export const LINKED_ELSEWHERE = "That account at the provider is already connected to another user.";

/** The user an identity is linked to, deleted and inactive ones included (the caller refuses them). */
export async function linkedUserId(identity: ProviderIdentity): Promise<string | undefined> {
  const db = await getDb();
  const link = await db.account.findUnique({
    where: {
      provider_providerAccountId: { provider: identity.provider, providerAccountId: identity.providerAccountId },
    },
    select: { userId: true },
  });
  return link?.userId;
}

/**
 * Links an identity to a user, with its `provider_linked` event, in the caller's transaction.
 * An identity already linked to anyone is a ConflictError: the primary key decides races.
 */
export async function linkProvider(tx: Tx, userId: string, identity: ProviderIdentity, client: ClientInfo) {
  try {
    await tx.account.create({
      data: {
        userId,
        type: identity.provider === "github" ? "oauth" : "oidc",
        provider: identity.provider,
        providerAccountId: identity.providerAccountId,
      },
      select: { userId: true },
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new ConflictError({}, LINKED_ELSEWHERE);
    }
    throw error;
  }
  await recordEvents(tx, [{ type: "provider_linked", userId, client, detail: { provider: identity.provider } }]);
}

/** Connects an identity to a signed-in user's account. */
export async function connectProvider(userId: string, identity: ProviderIdentity, client: ClientInfo): Promise<void> {
  const db = await getDb();
  await db.$transaction((tx) => linkProvider(tx, userId, identity, client));
}

/**
 * Disconnects every identity of `provider` from the user, unless that leaves no way to sign in
 * (409). 404 when none is linked.
 */
export async function disconnectProvider(userId: string, provider: string, client: ClientInfo): Promise<void> {
  const db = await getDb();
  await db.$transaction(async (tx) => {
    const { count } = await removeSignInMethod(tx, userId, () =>
      tx.account.deleteMany({ where: { userId, provider } }),
    );
    if (count === 0) throw new NotFoundError("That provider is not connected.");
    await recordEvents(tx, [{ type: "provider_unlinked", userId, client, detail: { provider } }]);
  });
}

/** The providers linked to a user, oldest first. */
export async function providerLinks(userId: string): Promise<{ provider: string; linkedAt: Date }[]> {
  const db = await getDb();
  const links = await db.account.findMany({
    where: { userId },
    orderBy: { createdAt: "asc" },
    select: { provider: true, createdAt: true },
  });
  return links.map((link) => ({ provider: link.provider, linkedAt: link.createdAt }));
}
