import { kickWorker } from "@/lib/background/worker-loop";

export const WEBHOOK_WORKER = "webhooks";

/**
 * Asks this process's webhook sender (sender.ts) for a round soon. Deliveries are queued inside
 * the transaction of their change, which commits just after: the first round waits a moment for
 * that, a second catches a slower commit, and the loop's own interval catches anything later.
 * Apart from the sender so that what queues a delivery does not load what sends it.
 */
export function kickWebhookSender(): void {
  setTimeout(() => kickWorker(WEBHOOK_WORKER), 20).unref();
  setTimeout(() => kickWorker(WEBHOOK_WORKER), 250).unref();
}
