import type { Db } from "@/lib/db";
import { getDb } from "@/lib/db";
import type { Tx } from "@/lib/db/transaction";
import type { Prisma } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/log";
import { takeSessionsEndedByVersion } from "@/lib/sessions/ended-by-version";
import { queueWebhooks, webhookNotices } from "@/lib/webhooks/enqueue";
import { clippedUserAgent, type NewEvent } from "./types";

/** The row of an event, as Prisma writes it. */
export function eventRow(event: NewEvent): Prisma.SecurityEventCreateManyInput {
  return {
    type: event.type,
    userId: event.userId ?? null,
    actorId: event.actorId ?? null,
    ip: event.client?.ip ?? null,
    userAgent: event.client ? clippedUserAgent(event.client.userAgent) : null,
    detail: event.detail ?? undefined,
  };
}

/**
 * Writes events in the caller's transaction, so a change and its record commit together, and
 * with them the webhook deliveries the events announce (lib/webhooks/enqueue.ts).
 */
export async function recordEvents(tx: Tx | Db, events: NewEvent[]): Promise<void> {
  if (events.length === 0) return;
  const all = [...events, ...(await sessionsEndedWith(tx, events))];
  await tx.securityEvent.createMany({ data: all.map(eventRow) });
  await queueWebhooks(tx, webhookNotices(all));
}

/** The changes that can move a user's tokenVersion on, ending all of their sessions at once. */
const ENDS_SESSIONS = new Set<NewEvent["type"]>([
  "password_changed",
  "password_reset",
  "account_deleted",
  "staff_change",
]);

/** One `session_ended` event per session such a change just ended (lib/sessions/ended-by-version.ts). */
async function sessionsEndedWith(tx: Tx | Db, events: NewEvent[]): Promise<NewEvent[]> {
  const byUser = new Map(events.filter((e) => e.userId && ENDS_SESSIONS.has(e.type)).map((e) => [e.userId!, e]));
  if (byUser.size === 0) return [];
  const ended = await takeSessionsEndedByVersion(tx, [...byUser.keys()]);
  return ended.map(({ id, userId }) => {
    const cause = byUser.get(userId)!;
    return {
      type: "session_ended" as const,
      userId,
      actorId: cause.actorId,
      client: cause.client,
      detail: { sessionId: id, reason: cause.type },
    };
  });
}

/**
 * An event that records no change of ours (a refused attempt): written on its own, and a fault
 * writing it is logged rather than turned into the request's failure.
 */
export async function recordAttempt(event: NewEvent): Promise<void> {
  try {
    const db = await getDb();
    // One that announces a webhook (a lockout) gets a transaction, for the event and its deliveries.
    if (webhookNotices([event]).length > 0) await db.$transaction((tx) => recordEvents(tx, [event]));
    else await recordEvents(db, [event]);
  } catch (err) {
    logger.error({ err, type: event.type }, "security event not recorded");
  }
}

const recent = new Map<string, number>();
const RECENT_MAX = 10_000;

/**
 * recordAttempt at most once per `key` per `windowMs` on this instance: refused requests cost
 * an attacker nothing, and must not cost us a row each. The map is bounded; when full, the oldest goes.
 */
export async function recordAttemptOnce(key: string, windowMs: number, event: NewEvent): Promise<void> {
  const now = Date.now();
  const last = recent.get(key);
  if (last !== undefined && now - last < windowMs) return;
  recent.delete(key);
  if (recent.size >= RECENT_MAX) recent.delete(recent.keys().next().value!);
  recent.set(key, now);
  await recordAttempt(event);
}
