import { config, ConfigError } from "@/lib/config";
import { getDb } from "@/lib/db";
import { logger } from "@/lib/log";
import { firstRunSetupLink } from "@/lib/setup/first-run";
import { startMailSender } from "@/lib/mail/sender";
import { startWebhookSender } from "@/lib/webhooks/sender";

const once = globalThis as typeof globalThis & { firstRunLinkShown?: boolean };

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
  // Once per process: under server.ts, Next's instrumentation starts up again (its own copy of this module).
  if (!once.firstRunLinkShown) {
    once.firstRunLinkShown = true;
    await printFirstRunSetupLink().catch((err: unknown) =>
      logger.error({ err }, "the first-run setup link could not be made (npm run create-staff still works)"),
    );
  }
  startMailSender();
  startWebhookSender();
}

/**
 * With no staff user yet, a one-time link to create the first one, for the operator at the
 * terminal: a plain line, not a log record, since it carries a secret that logs never hold.
 */
export async function printFirstRunSetupLink(): Promise<void> {
  const link = await firstRunSetupLink(config().appUrl);
  if (link) console.log(`\nFirst run: no staff user yet. Create the first staff account at\n  ${link}\n`);
}
