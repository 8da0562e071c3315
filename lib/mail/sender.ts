import { backoffDelayMs, startWorker, stopWorker } from "@/lib/background/worker-loop";
import { getDb } from "@/lib/db";
import { logger } from "@/lib/log";
import { purgeStaleRows } from "./cleanup";
import { claimDueMail, markFailedAttempt, markSent, openClaimedMail, type ClaimedMail } from "./outbox";
import { renderMail } from "./render";
import { mailTransport, type MailMessage } from "./transport";

/**
 * Delivers the outbox. Every app instance runs one loop (lib/background/worker-loop.ts, started
 * from lib/startup.ts): a round every few seconds, plus one at once when a request of this
 * process has queued mail (kickMailSender, kick.ts), so mail leaves right after the response. Each message is rendered
 * here, just before it is sent. A failed attempt is retried with exponential backoff; after
 * `maxAttempts` the row is given up (status failed, logged).
 */

export type SenderOptions = {
  intervalMs: number;
  batchSize: number;
  /** How long a claimed row is reserved for its sender; longer than any send can take. */
  leaseMs: number;
  maxAttempts: number;
  backoffBaseMs: number;
  backoffCapMs: number;
  purgeEveryMs: number;
};

export const DEFAULT_SENDER_OPTIONS: SenderOptions = {
  intervalMs: 5_000,
  batchSize: 10,
  leaseMs: 120_000,
  // 5 s, 10 s, 20 s … capped at 5 min: about 35 minutes of trying in all.
  maxAttempts: 12,
  backoffBaseMs: 5_000,
  backoffCapMs: 300_000,
  purgeEveryMs: 600_000,
};

export type DeliveryReport = { sent: number; retrying: number; failed: number; claimed: number };

/** One round: claims the due rows and tries each once. `now` lets tests step past a backoff. */
export async function deliverDueMail(overrides: Partial<SenderOptions> & { now?: Date } = {}): Promise<DeliveryReport> {
  const options = { ...DEFAULT_SENDER_OPTIONS, ...overrides };
  const now = overrides.now ?? new Date();
  const db = await getDb();
  const claimed = await claimDueMail(db, { now, leaseMs: options.leaseMs, limit: options.batchSize });
  const report: DeliveryReport = { sent: 0, retrying: 0, failed: 0, claimed: claimed.length };
  await Promise.all(
    claimed.map(async (mail) => {
      report[await deliverOne(mail, options, now)]++;
    }),
  );
  return report;
}

async function deliverOne(
  mail: ClaimedMail,
  options: SenderOptions,
  now: Date,
): Promise<"sent" | "retrying" | "failed"> {
  const db = await getDb();
  let message: MailMessage;
  try {
    message = { id: mail.id, to: mail.to, ...(await renderMail(openClaimedMail(mail))) };
  } catch (err) {
    // Sealed under another AUTH_SECRET, or not a message this template can show: no retry can help.
    await markFailedAttempt(db, mail, { error: String(err), retryAt: null });
    logger.error({ outboxId: mail.id, err }, "mail failed: it cannot be opened or rendered; given up");
    return "failed";
  }
  try {
    await mailTransport().send(message);
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    const giveUp = mail.attempts >= options.maxAttempts;
    const retryAt = giveUp ? null : new Date(now.getTime() + backoffDelayMs(mail.attempts, options));
    await markFailedAttempt(db, mail, { error: error.slice(0, 1000), retryAt });
    if (giveUp) logger.error({ outboxId: mail.id, attempts: mail.attempts, error }, "mail failed; given up");
    else logger.warn({ outboxId: mail.id, attempts: mail.attempts, error, retryAt }, "mail failed; will retry");
    return giveUp ? "failed" : "retrying";
  }
  await markSent(db, mail, new Date());
  logger.info({ outboxId: mail.id, attempts: mail.attempts }, "mail sent");
  return "sent";
}

const WORKER = "mail";
let lastPurge = 0;

/** Starts this process's loop (once; later calls do nothing) and delivers what is due at once. */
export function startMailSender(overrides: Partial<SenderOptions> = {}): void {
  const options = { ...DEFAULT_SENDER_OPTIONS, ...overrides };
  startWorker(WORKER, options.intervalMs, async () => {
    const report = await deliverDueMail(options);
    await purgeNowAndThen(options);
    // A full batch: more may be waiting.
    return { more: report.claimed === options.batchSize };
  });
}

/** Stops the loop after its current round. */
export function stopMailSender(): Promise<void> {
  return stopWorker(WORKER);
}

async function purgeNowAndThen(options: SenderOptions): Promise<void> {
  if (Date.now() - lastPurge < options.purgeEveryMs) return;
  lastPurge = Date.now();
  try {
    const purged = await purgeStaleRows(await getDb());
    if (Object.values(purged).some((n) => n > 0)) logger.info(purged, "purged stale rows");
  } catch (err) {
    logger.error({ err }, "purging stale rows failed");
  }
}
