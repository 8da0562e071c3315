import { Webhook } from "standardwebhooks";
import { backoffDelayMs, startWorker, stopWorker } from "@/lib/background/worker-loop";
import { config } from "@/lib/config";
import { unseal } from "@/lib/crypto/sealed";
import { getDb } from "@/lib/db";
import { logger } from "@/lib/log";
import { checkedAddresses, UnsafeWebhookUrlError } from "./address-check";
import { bodyText } from "./body";
import { WEBHOOK_WORKER } from "./kick";
import { claimDueDeliveries, markDelivered, markFailedAttempt, type ClaimedDelivery } from "./outbox";
import { postWebhook, type PostOutcome } from "./post";

/**
 * Delivers webhooks. Every app instance runs one loop (lib/background/worker-loop.ts, started from
 * lib/startup.ts): a round every second, plus one right after a change queued a delivery (kick.ts).
 * Each attempt resolves and checks the endpoint's address again, signs the exact body it sends
 * (Standard Webhooks: id, timestamp, HMAC-SHA256), and counts any answer but a 2xx as a failure.
 * A failed attempt is retried with exponential backoff, then hourly, for more than a day.
 */

export type WebhookSenderOptions = {
  intervalMs: number;
  batchSize: number;
  /** How long a claimed row is reserved for its sender; longer than any attempt can take. */
  leaseMs: number;
  timeoutMs: number;
  maxResponseBytes: number;
  maxAttempts: number;
  backoffBaseMs: number;
  backoffCapMs: number;
};

export const DEFAULT_WEBHOOK_OPTIONS: WebhookSenderOptions = {
  intervalMs: 1_000,
  batchSize: 50,
  leaseMs: 30_000,
  timeoutMs: 5_000,
  maxResponseBytes: 4_096,
  // 2 s, 4 s, 8 s … doubling up to an hour, then hourly: 36 attempts span about 25 hours.
  maxAttempts: 36,
  backoffBaseMs: 2_000,
  backoffCapMs: 3_600_000,
};

export type WebhookRoundReport = { claimed: number; delivered: number; retrying: number; failed: number };

/**
 * One round: claims the due deliveries, tries each once, then marks the delivered ones in one
 * statement. `now` lets tests step past a backoff.
 */
export async function deliverDueWebhooks(
  overrides: Partial<WebhookSenderOptions> & { now?: Date } = {},
): Promise<WebhookRoundReport> {
  const options = { ...DEFAULT_WEBHOOK_OPTIONS, ...overrides };
  const now = overrides.now ?? new Date();
  const db = await getDb();
  const claimed = await claimDueDeliveries(db, { now, leaseMs: options.leaseMs, limit: options.batchSize });
  const report: WebhookRoundReport = { claimed: claimed.length, delivered: 0, retrying: 0, failed: 0 };
  const delivered: { delivery: ClaimedDelivery; status: number }[] = [];
  await Promise.all(
    claimed.map(async (delivery) => {
      const outcome = await deliverOne(delivery, options, now);
      if (typeof outcome === "number") delivered.push({ delivery, status: outcome });
      report[typeof outcome === "number" ? "delivered" : outcome]++;
    }),
  );
  await markDelivered(db, delivered, new Date());
  for (const { delivery } of delivered) {
    logger.info({ webhookId: delivery.id, event: delivery.event, attempts: delivery.attempts }, "webhook delivered");
  }
  return report;
}

/** One attempt: the receiver's status when it took the delivery (the round marks those), else what became of the row. */
async function deliverOne(
  delivery: ClaimedDelivery,
  options: WebhookSenderOptions,
  now: Date,
): Promise<number | "retrying" | "failed"> {
  const db = await getDb();
  let secret: string;
  try {
    secret = unseal("webhook-secret", delivery.secret);
  } catch {
    // Sealed under another AUTH_SECRET: no retry can help.
    const error =
      "The endpoint's secret cannot be opened (was AUTH_SECRET changed?). Delete and add the endpoint again.";
    await markFailedAttempt(db, delivery, { error, retryAt: null });
    logger.error({ webhookId: delivery.id }, "webhook failed: its secret cannot be opened; given up");
    return "failed";
  }
  const outcome = await attempt(delivery, secret, options);
  // Delivered rows are marked together, after the round's requests (deliverDueWebhooks).
  if (outcome.ok) return outcome.status;
  const giveUp = delivery.attempts >= options.maxAttempts;
  const retryAt = giveUp ? null : new Date(now.getTime() + backoffDelayMs(delivery.attempts, options));
  await markFailedAttempt(db, delivery, { error: outcome.error, status: outcome.status, retryAt });
  const fields = { webhookId: delivery.id, attempts: delivery.attempts, error: outcome.error };
  if (giveUp) logger.error(fields, "webhook failed; given up");
  else logger.warn({ ...fields, retryAt }, "webhook failed; will retry");
  return giveUp ? "failed" : "retrying";
}

async function attempt(delivery: ClaimedDelivery, secret: string, options: WebhookSenderOptions): Promise<PostOutcome> {
  const url = new URL(delivery.url);
  let addresses;
  try {
    addresses = await checkedAddresses(url, config().webhookAllowPrivateUrls);
  } catch (err) {
    if (err instanceof UnsafeWebhookUrlError) return { ok: false, error: err.message };
    throw err;
  }
  const body = bodyText(delivery.payload);
  const sentAt = new Date();
  const headers = {
    "content-type": "application/json",
    "user-agent": "Accounts-Webhooks/1",
    "webhook-id": delivery.id,
    "webhook-timestamp": String(Math.floor(sentAt.getTime() / 1000)),
    "webhook-signature": new Webhook(secret).sign(delivery.id, sentAt, body),
  };
  return postWebhook(url, addresses[0], headers, body, options);
}

/** Starts this process's loop (once; later calls do nothing) and delivers what is due at once. */
export function startWebhookSender(overrides: Partial<WebhookSenderOptions> = {}): void {
  const options = { ...DEFAULT_WEBHOOK_OPTIONS, ...overrides };
  startWorker(WEBHOOK_WORKER, options.intervalMs, async () => {
    const report = await deliverDueWebhooks(options);
    return { more: report.claimed === options.batchSize };
  });
}

/** Stops the loop after its current round. */
export function stopWebhookSender(): Promise<void> {
  return stopWorker(WEBHOOK_WORKER);
}
