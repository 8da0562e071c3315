import type { Actor } from "@/lib/admin/audit";
import { config } from "@/lib/config";
import { seal } from "@/lib/crypto/sealed";
import { getDb } from "@/lib/db";
import { userSelect } from "@/lib/db/users";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { logger } from "@/lib/log";
import { parseInput } from "@/lib/validation/issues";
import { toUserJson } from "@/lib/validation/user";
import {
  newWebhookSchema,
  webhookPatchSchema,
  type WebhookDeliveryJson,
  type WebhookJson,
} from "@/lib/validation/webhooks";
import { checkedAddresses, UnsafeWebhookUrlError, webhookUrlProblem } from "./address-check";
import { newMessageId, newSigningSecret, webhookBody } from "./body";
import { TEST_EVENT, type WebhookEvent } from "./events";
import { kickWebhookSender } from "./kick";

/**
 * Staff manage webhook endpoints: add one (its secret is returned this once and kept only
 * sealed), list, disable or enable, delete, send a test event, see its last deliveries and retry
 * one by hand. Each change is logged with the staff user, never with the secret.
 */

const endpointSelect = {
  id: true,
  url: true,
  description: true,
  events: true,
  enabled: true,
  createdAt: true,
} as const;

type EndpointRow = {
  id: string;
  url: string;
  description: string | null;
  events: string[];
  enabled: boolean;
  createdAt: Date;
};

function toWebhookJson(row: EndpointRow): WebhookJson {
  return { ...row, events: row.events as WebhookEvent[], createdAt: row.createdAt.toISOString() };
}

/** How many deliveries a listing shows: the newest. */
export const DELIVERIES_SHOWN = 100;

export async function listWebhookEndpoints(): Promise<WebhookJson[]> {
  const db = await getDb();
  const rows = await db.webhookEndpoint.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: endpointSelect,
  });
  return rows.map(toWebhookJson);
}

/** A new endpoint and its signing secret, which is never shown again. */
export async function createWebhookEndpoint(
  actor: Actor,
  input: unknown,
): Promise<{ webhook: WebhookJson; secret: string }> {
  const { url, events, description } = parseInput(newWebhookSchema, input);
  const problem = webhookUrlProblem(url);
  if (problem) throw new ValidationError({ url: [problem] });
  try {
    await checkedAddresses(new URL(url), config().webhookAllowPrivateUrls);
  } catch (err) {
    if (err instanceof UnsafeWebhookUrlError) throw new ValidationError({ url: [err.message] });
    throw err;
  }
  const secret = newSigningSecret();
  const db = await getDb();
  const row = await db.webhookEndpoint.create({
    data: {
      url,
      events,
      description: description ?? null,
      secret: seal("webhook-secret", secret),
      createdById: actor.id,
    },
    select: endpointSelect,
  });
  logger.info(
    { staffUserId: actor.id, webhookEndpointId: row.id, host: new URL(url).host, events },
    "webhook endpoint added",
  );
  return { webhook: toWebhookJson(row), secret };
}

export async function setWebhookEndpointEnabled(actor: Actor, id: string, input: unknown): Promise<WebhookJson> {
  const { enabled } = parseInput(webhookPatchSchema, input);
  const db = await getDb();
  const [row] = await db.webhookEndpoint.updateManyAndReturn({
    where: { id: refuseNul(id) },
    data: { enabled },
    select: endpointSelect,
  });
  if (!row) throw notFound();
  logger.info(
    { staffUserId: actor.id, webhookEndpointId: id, enabled },
    enabled ? "webhook endpoint enabled" : "webhook endpoint disabled",
  );
  // Deliveries held while it was disabled are due now.
  if (enabled) kickWebhookSender();
  return toWebhookJson(row);
}

export async function deleteWebhookEndpoint(actor: Actor, id: string): Promise<void> {
  const db = await getDb();
  const { count } = await db.webhookEndpoint.deleteMany({ where: { id: refuseNul(id) } });
  if (count === 0) throw notFound();
  logger.info({ staffUserId: actor.id, webhookEndpointId: id }, "webhook endpoint deleted");
}

/** Queues a `webhook.test` delivery about the staff user who asked, whatever events the endpoint wants. */
export async function sendTestWebhook(actor: Actor, id: string): Promise<WebhookDeliveryJson> {
  const db = await getDb();
  const endpoint = await db.webhookEndpoint.findUnique({ where: { id: refuseNul(id) }, select: { id: true } });
  if (!endpoint) throw notFound();
  const user = await db.user.findUniqueOrThrow({ where: { id: actor.id }, select: userSelect });
  const now = new Date();
  const row = await db.webhookDelivery.create({
    data: {
      id: newMessageId(),
      endpointId: id,
      event: TEST_EVENT,
      payload: webhookBody(TEST_EVENT, toUserJson(user), now),
      createdAt: now,
      nextAttemptAt: now,
    },
    select: deliverySelect,
  });
  logger.info({ staffUserId: actor.id, webhookEndpointId: id, webhookId: row.id }, "webhook test event queued");
  kickWebhookSender();
  return toDeliveryJson(row);
}

/** The endpoint's last deliveries, newest first. */
export async function listWebhookDeliveries(endpointId: string): Promise<WebhookDeliveryJson[]> {
  const db = await getDb();
  const endpoint = await db.webhookEndpoint.findUnique({
    where: { id: refuseNul(endpointId) },
    select: { id: true },
  });
  if (!endpoint) throw notFound();
  const rows = await db.webhookDelivery.findMany({
    where: { endpointId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: DELIVERIES_SHOWN,
    select: deliverySelect,
  });
  return rows.map(toDeliveryJson);
}

/**
 * A failed delivery is due again now, with the same id and body: one more attempt, and failed
 * again if that fails too. Pending and delivered ones are left as they are (a pending one may be
 * in flight this moment; sending it again now could deliver it twice).
 */
export async function retryWebhookDelivery(
  actor: Actor,
  endpointId: string,
  deliveryId: string,
): Promise<WebhookDeliveryJson> {
  const db = await getDb();
  const now = new Date();
  await db.webhookDelivery.updateMany({
    where: { id: refuseNul(deliveryId), endpointId: refuseNul(endpointId), status: "failed" },
    data: { status: "pending", nextAttemptAt: now },
  });
  const row = await db.webhookDelivery.findFirst({ where: { id: deliveryId, endpointId }, select: deliverySelect });
  if (!row) throw new NotFoundError("No such delivery for this endpoint.");
  logger.info(
    { staffUserId: actor.id, webhookEndpointId: endpointId, webhookId: deliveryId },
    "webhook delivery retried by hand",
  );
  kickWebhookSender();
  return toDeliveryJson(row);
}

const deliverySelect = {
  id: true,
  event: true,
  status: true,
  attempts: true,
  lastError: true,
  createdAt: true,
} as const;

type DeliveryRow = {
  id: string;
  event: string;
  status: WebhookDeliveryJson["status"];
  attempts: number;
  lastError: string | null;
  createdAt: Date;
};

function toDeliveryJson(row: DeliveryRow): WebhookDeliveryJson {
  return {
    id: row.id,
    event: row.event,
    status: row.status,
    attempts: row.attempts,
    ...(row.lastError ? { lastError: row.lastError } : {}),
    createdAt: row.createdAt.toISOString(),
  };
}

const notFound = () => new NotFoundError("No webhook endpoint with this id.");

/** PostgreSQL text cannot hold NUL; no id has one, so such an id is simply not found. */
function refuseNul(id: string): string {
  if (id.includes("\u0000")) throw new NotFoundError("Not found.");
  return id;
}
