import { config, ConfigError } from "@/lib/config";
import { getDb } from "@/lib/db";
import { logger } from "@/lib/log";
import { startMailSender } from "@/lib/mail/sender";
import { startWebhookSender } from "@/lib/webhooks/sender";

/**
 * Server start-up, before the first request: a bad configuration stops the process with a
 * message naming the variable; the database is opened (the embedded one created and migrated) so
 * the first request does not pay for it and a broken DATABASE_URL shows at once; the outbox
 * senders start (mail and webhooks left pending by an earlier run go out now). Called by server.ts, and by
 * instrumentation.ts under plain `next start`; a second call in one process changes nothing.
 */
export async function startServer(): Promise<void> {
  try {
    config();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  try {
    await getDb();
  } catch (err) {
    // Not fatal: /api/health reports it and the next request retries.
    logger.error({ err }, "the database could not be opened at start-up");
  }
  startMailSender();
  startWebhookSender();
}
