import { randomBytes } from "node:crypto";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import { sqlUtc } from "@/lib/db/raw-sql";
import type { Tx } from "@/lib/db/transaction";
import { Prisma, type SessionKind } from "@/lib/generated/prisma/client";
import { NotFoundError } from "@/lib/errors";
import { recordEvents } from "@/lib/events/record";
import { clippedUserAgent, type ClientInfo } from "@/lib/events/types";
import type { ProviderId } from "@/lib/providers/catalog";

/**
 * The session registry: every sign-in makes a row, every cookie and token names one, and ending
 * a session deletes its row, which ends its cookie or token at the next request on any instance
 * (lib/sessions/session-check.ts reads the row with the user on every request).
 */

export type { SessionKind };

/** How a sign-in proved who it was, as its `sign_in` event records it. */
export type SignInMethod = "password" | "totp" | "recovery_code" | "passkey" | ProviderId;

/** The user a session is made for: its tokenVersion is the one the session must keep matching. */
export type SessionOwner = { id: string; tokenVersion: number };

export type SessionInfo = {
  id: string;
  kind: SessionKind;
  createdAt: Date;
  lastSeenAt: Date;
  ip: string;
  userAgent: string;
};

/** 128 random bits: a session id is never guessable, though it only ever travels signed. */
const newSessionId = () => randomBytes(16).toString("base64url");

/**
 * A new session for a verified sign-in and its `sign_in` event, in one statement: this is on
 * every login's path, and one round trip through the driver costs far less than two through Prisma.
 */
export async function startSession(
  user: SessionOwner,
  kind: SessionKind,
  client: ClientInfo,
  method: SignInMethod = "password",
): Promise<string> {
  const db = await getDb();
  const id = newSessionId();
  const now = new Date();
  const expiresAt = new Date(now.getTime() + config().jwtTtlSeconds * 1000);
  const userAgent = clippedUserAgent(client.userAgent);
  const eventDetail = JSON.stringify({ kind, sessionId: id, method });
  await db.$rawSql.prepared(
    "start-session",
    Prisma.sql`
    WITH session AS (
      INSERT INTO "Session" ("id", "userId", "kind", "tokenVersion", "createdAt", "lastSeenAt", "expiresAt", "ip", "userAgent")
      VALUES (${id}, ${user.id}, ${kind}::"SessionKind", ${user.tokenVersion}, ${sqlUtc(now)}, ${sqlUtc(now)},
              ${sqlUtc(expiresAt)}, ${client.ip}, ${userAgent})
      RETURNING "userId"
    )
    INSERT INTO "SecurityEvent" ("type", "at", "userId", "ip", "userAgent", "detail")
    SELECT 'sign_in', ${sqlUtc(now)}, "userId", ${client.ip}, ${userAgent}, ${eventDetail}::jsonb FROM session`,
  );
  return id;
}

const liveWhere = (user: SessionOwner): Prisma.SessionWhereInput => ({
  userId: user.id,
  tokenVersion: user.tokenVersion,
  expiresAt: { gt: new Date() },
});

const sessionSelect = {
  id: true,
  kind: true,
  createdAt: true,
  lastSeenAt: true,
  ip: true,
  userAgent: true,
} as const satisfies Prisma.SessionSelect;

/** The user's live sessions, newest first. */
export async function listSessions(user: SessionOwner): Promise<SessionInfo[]> {
  const db = await getDb();
  return db.session.findMany({
    where: liveWhere(user),
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: sessionSelect,
  });
}

export type EndedBy = {
  client?: ClientInfo;
  actorId?: string;
  reason: "sign_out" | "revoked" | "revoked_others" | "staff_sign_out_everywhere" | "staff_password_reset";
};

/**
 * Ends one of the user's sessions, with its `session_ended` event in the same transaction.
 * NotFoundError when it is not one of the user's live sessions.
 */
export async function endSession(user: SessionOwner, sessionId: string, by: EndedBy): Promise<void> {
  const db = await getDb();
  const ended = await db.$transaction((tx) => endSessionsWhere(tx, user, Prisma.sql`"id" = ${sessionId}`, by));
  if (ended === 0) throw new NotFoundError("No such session.");
}

/** Ends every live session of the user but `keepId`; returns how many ended. */
export async function endOtherSessions(user: SessionOwner, keepId: string, by: EndedBy): Promise<number> {
  const db = await getDb();
  return db.$transaction((tx) => endSessionsWhere(tx, user, Prisma.sql`"id" <> ${keepId}`, by));
}

/** Ends every live session of the user, in the caller's transaction; returns how many ended. */
export function endAllSessions(tx: Tx, user: SessionOwner, by: EndedBy): Promise<number> {
  return endSessionsWhere(tx, user, Prisma.sql`TRUE`, by);
}

/** DELETE … RETURNING: of two requests ending one session, only one sees it go and records it. */
async function endSessionsWhere(tx: Tx, user: SessionOwner, which: Prisma.Sql, by: EndedBy): Promise<number> {
  const ended = await tx.$queryRaw<{ id: string }[]>`
    DELETE FROM "Session"
    WHERE "userId" = ${user.id} AND "tokenVersion" = ${user.tokenVersion}
      AND "expiresAt" > ${sqlUtc(new Date())} AND ${which}
    RETURNING "id"`;
  await recordEvents(
    tx,
    ended.map(({ id }) => ({
      type: "session_ended" as const,
      userId: user.id,
      actorId: by.actorId,
      client: by.client,
      detail: { sessionId: id, reason: by.reason },
    })),
  );
  return ended.length;
}
