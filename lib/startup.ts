import { config, ConfigError } from "@/lib/config";
import { getDb } from "@/lib/db";
import type { ApiRoute } from "@/lib/http/direct-api";
import { installServerHooks } from "@/lib/http/server-hooks";
import { logger } from "@/lib/log";
import { startMailSender } from "@/lib/mail/sender";

/**
 * Server start-up: a bad configuration stops the process with a message naming the variable;
 * the client-IP stamp, the /api request guard and the direct /api routes (`apiRoutes`, given in
 * production only) are installed; the database is opened (the
 * embedded one created and migrated) so the first request does not pay for it and a broken
 * DATABASE_URL shows at once; the outbox sender starts (mail left pending by an earlier run
 * goes out now).
 */
export async function startServer(apiRoutes: ApiRoute[] = []): Promise<void> {
  try {
    config();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  installServerHooks(apiRoutes);
  try {
    await getDb();
  } catch (err) {
    // Not fatal: /api/health reports it and the next request retries.
    logger.error({ err }, "the database could not be opened at start-up");
  }
  startMailSender();
}
