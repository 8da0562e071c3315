import type { Db } from "@/lib/db";
import type { Tx } from "@/lib/db/transaction";
import { deletedScope, userSelect } from "@/lib/db/users";
import type { NewEvent } from "@/lib/events/types";
import type { Prisma } from "@/lib/generated/prisma/client";
import { toUserJson } from "@/lib/validation/user";
import { newMessageId, webhookBody } from "./body";
import { webhookNoticeOf, type WebhookNotice } from "./events";
import { kickWebhookSender } from "./kick";

/** The security events that announce a webhook (events.ts), or none: most (sign-ins) do not. */
export function webhookNotices(events: NewEvent[]): WebhookNotice[] {
  return events.map(webhookNoticeOf).filter((notice) => notice !== undefined);
}

/**
 * Queues one delivery per notice and enabled endpoint that wants its event, in the caller's
 * transaction: the change and its deliveries commit together or not at all. With no endpoint
 * wanting these events this is one query on a table of a handful of rows. The user in the body is
 * read here, in the transaction, so it is the user as the change left them.
 */
export async function queueWebhooks(tx: Tx | Db, notices: WebhookNotice[], at = new Date()): Promise<number> {
  if (notices.length === 0) return 0;
  const wanted = [...new Set(notices.map((notice) => notice.event))];
  const endpoints = await tx.webhookEndpoint.findMany({
    where: { enabled: true, events: { hasSome: wanted } },
    select: { id: true, events: true },
  });
  if (endpoints.length === 0) return 0;
  const userIds = [...new Set(notices.map((notice) => notice.userId))];
  const users = await tx.user.findMany({
    where: { id: { in: userIds }, ...deletedScope("include") },
    select: userSelect,
  });
  const userById = new Map(users.map((user) => [user.id, toUserJson(user)]));
  const rows: Prisma.WebhookDeliveryCreateManyInput[] = [];
  for (const notice of notices) {
    const user = userById.get(notice.userId);
    if (!user) continue;
    const payload = webhookBody(notice.event, user, at, notice.sessionId);
    for (const endpoint of endpoints) {
      if (!endpoint.events.includes(notice.event)) continue;
      rows.push({
        id: newMessageId(),
        endpointId: endpoint.id,
        event: notice.event,
        payload,
        createdAt: at,
        nextAttemptAt: at,
      });
    }
  }
  if (rows.length === 0) return 0;
  await tx.webhookDelivery.createMany({ data: rows });
  kickWebhookSender();
  return rows.length;
}
