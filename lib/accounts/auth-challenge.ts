import { createHash, randomBytes } from "node:crypto";
import { getDb } from "@/lib/db";
import { sqlUtc } from "@/lib/db/raw-sql";
import type { Tx } from "@/lib/db/transaction";
import type { ChallengeKind, Prisma } from "@/lib/generated/prisma/client";

/**
 * Short-lived, single-use sign-in state kept on the server, so that it holds across instances
 * and cannot be replayed: the mfaToken of a password sign-in's second step, WebAuthn
 * challenges, and a provider sign-up waiting for its username and phone number. The client gets 256 random bits; the table keeps only their SHA-256 (a table read
 * alone cannot finish anyone's sign-in). Each use is one conditional statement, so the database
 * decides races: of two requests with one token, exactly one consumes it.
 */

export type { ChallengeKind };

export type ChallengeOwner = { userId: string; tokenVersion: number };
/** `payload` is what the challenge carries besides its owner (a provider sign-up's identity), as stored. */
export type Challenge = { userId: string | null; tokenVersion: number | null; payload: unknown };

const challengeId = (token: string) => createHash("sha256").update(token).digest("base64url");

/** A new challenge of `kind`, valid for `ttlSeconds`; returns the token to hand to the client. */
export async function createChallenge(
  kind: ChallengeKind,
  owner: ChallengeOwner | undefined,
  ttlSeconds: number,
  payload?: Prisma.InputJsonValue,
): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const db = await getDb();
  await db.authChallenge.create({
    data: {
      id: challengeId(token),
      kind,
      userId: owner?.userId ?? null,
      tokenVersion: owner?.tokenVersion ?? null,
      payload,
      expiresAt: new Date(Date.now() + ttlSeconds * 1000),
    },
    select: { id: true },
  });
  return token;
}

/** A live challenge: this token's, of this kind, unexpired, unconsumed, with tries left. */
const liveWhere = (kind: ChallengeKind, token: string, maxAttempts: number) => ({
  id: challengeId(token),
  kind,
  expiresAt: { gt: new Date() },
  attempts: { lt: maxAttempts },
});

/**
 * Counts one attempt on a live challenge and returns it; undefined when the token is unknown,
 * expired, consumed, of another kind, or already had `maxAttempts` tries.
 */
export async function countAttempt(
  kind: ChallengeKind,
  token: string,
  maxAttempts: number,
): Promise<Challenge | undefined> {
  const db = await getDb();
  const [challenge] = await db.authChallenge.updateManyAndReturn({
    where: liveWhere(kind, token, maxAttempts),
    data: { attempts: { increment: 1 } },
    select: { userId: true, tokenVersion: true, payload: true },
  });
  return challenge;
}

/** The live challenge of `token`, read without counting an attempt; undefined as for countAttempt. */
export async function liveChallenge(
  kind: ChallengeKind,
  token: string,
  maxAttempts: number,
): Promise<Challenge | undefined> {
  const db = await getDb();
  const challenge = await db.authChallenge.findFirst({
    where: liveWhere(kind, token, maxAttempts),
    select: { userId: true, tokenVersion: true, payload: true },
  });
  return challenge ?? undefined;
}

/** Uses the challenge up, in the caller's transaction; undefined when it is not live. DELETE … RETURNING decides races. */
export async function consumeChallenge(tx: Tx, kind: ChallengeKind, token: string): Promise<Challenge | undefined> {
  const [challenge] = await tx.$queryRaw<Challenge[]>`
    DELETE FROM "AuthChallenge"
    WHERE "id" = ${challengeId(token)} AND "kind" = ${kind}::"ChallengeKind" AND "expiresAt" > ${sqlUtc(new Date())}
    RETURNING "userId", "tokenVersion", "payload"`;
  return challenge;
}
