import { config } from "@/lib/config";
import { logger } from "@/lib/log";
import { createDb, type Db } from "./db/client";
import { openEmbeddedDatabase, type EmbeddedDatabase } from "./db/embedded";
import { migrateServer } from "./db/migrate-server";

/**
 * The one database client of the app. With DATABASE_URL: PostgreSQL through
 * node-postgres, migrated on open (a deploy may also run `npm run db:migrate` first; then this
 * finds nothing to do). Without: the embedded PGlite database under `${dataDir}/pglite`,
 * created, locked and migrated on first use.
 */

export { createDb, type Db, type DbSource } from "./db/client";

type Opened = { db: Db; close(): Promise<void> };

// On globalThis so that Next's dev reloads of this module reuse the open database instead of
// opening a second one (which, embedded, our own lock would refuse).
const memo = globalThis as typeof globalThis & { __accountsDb?: Promise<Opened> };

async function open(): Promise<Opened> {
  const { databaseUrl, dataDir } = config();
  if (databaseUrl) {
    const { applied } = await migrateServer(databaseUrl);
    if (applied.length > 0) logger.info({ applied }, "database migrated");
    const db = createDb({ databaseUrl });
    return { db, close: () => db.$disconnect() };
  }
  const embedded = await openEmbeddedDatabase(dataDir);
  logger.info({ dataDir }, "embedded database open (set DATABASE_URL to use PostgreSQL)");
  const db = createDb({ pglite: embedded.pglite });
  const detach = closeOnExit(embedded);
  return {
    db,
    async close() {
      detach();
      await db.$disconnect();
      await embedded.close();
    },
  };
}

/** The shared client, opened on first use. A failed open is not memoised: the next call retries. */
export function getDb(): Promise<Db> {
  if (!memo.__accountsDb) {
    const opening = open();
    memo.__accountsDb = opening;
    opening.catch(() => {
      if (memo.__accountsDb === opening) memo.__accountsDb = undefined;
    });
  }
  return memo.__accountsDb.then((opened) => opened.db);
}

/**
 * Makes `db` the shared client (integration tests give it a fresh, migrated database of their own).
 * Not a mock: the same client the app builds, pointed elsewhere.
 */
export function setDbForTests(db: Db): void {
  memo.__accountsDb = Promise.resolve({ db, close: () => db.$disconnect() });
}

/** Closes the shared client (scripts and tests; the embedded database also closes on exit). */
export async function closeDb(): Promise<void> {
  const opening = memo.__accountsDb;
  memo.__accountsDb = undefined;
  if (!opening) return;
  const opened = await opening.catch(() => undefined);
  await opened?.close();
}

/** SELECT 1 within `timeoutMs` (after the database is open), for /api/health. */
export async function pingDb(timeoutMs = 3_000): Promise<void> {
  const db = await getDb();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`The database did not answer within ${timeoutMs} ms.`)), timeoutMs);
  });
  try {
    await Promise.race([db.$queryRaw`SELECT 1`, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Closes PGlite and frees the lock when the process is stopped. On SIGINT/SIGTERM, once closed
 * (or after 3 s), the signal is raised again if nobody else (e.g. Next's server) handles it, so
 * the process still ends as it would have. A repeated signal while closing is absorbed: npm,
 * `timeout` and terminals often deliver one signal twice, and the default action of the second
 * would kill us mid-close. If someone else exits first, 'exit' still removes the lock (and a lock
 * left by a killed process is stale and taken over by the next opener).
 */
function closeOnExit(embedded: EmbeddedDatabase): () => void {
  let closing = false;
  const onExit = () => embedded.releaseLock();
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    const reraise = () => {
      detach();
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    setTimeout(reraise, 3_000).unref();
    void embedded
      .close()
      .catch((err: unknown) => logger.error({ err }, "closing the embedded database failed"))
      .finally(reraise);
  };
  const detach = () => {
    process.off("exit", onExit);
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  };
  process.on("exit", onExit);
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return detach;
}
