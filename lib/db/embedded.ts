import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { acquireFileLock } from "./lock";
import { applyMigrations, type MigrateResult } from "./migrate";
import { pgliteExecutor } from "./sql-executor";

export type EmbeddedDatabase = {
  pglite: PGlite;
  /** What opening it migrated. */
  migrated: MigrateResult;
  /** Closes PGlite, then releases the lock; later calls wait for the same close. */
  close(): Promise<void>;
  /** Releases the lock only; synchronous, for process 'exit' where nothing async can run. */
  releaseLock(): void;
};

/**
 * Opens (creating it the first time) the embedded database under `dataDir`, holding
 * `dataDir/pglite.lock` for as long as it is open, and migrates it. Throws DatabaseInUseError
 * when another live process (or this one) has it open.
 */
export async function openEmbeddedDatabase(
  dataDir: string,
  options: { migrationsDir?: string } = {},
): Promise<EmbeddedDatabase> {
  mkdirSync(dataDir, { recursive: true }); // PGlite creates its own folder, not its parents
  const lock = acquireFileLock(path.join(dataDir, "pglite.lock"));
  let pglite: PGlite | undefined;
  let migrated: MigrateResult;
  try {
    pglite = await PGlite.create(path.join(dataDir, "pglite"), { extensions: { pg_trgm } });
    migrated = await applyMigrations(pgliteExecutor(pglite), { dir: options.migrationsDir });
  } catch (error) {
    await pglite?.close().catch(() => {});
    lock.release();
    throw error;
  }
  const db = pglite;
  let closing: Promise<void> | undefined;
  return {
    pglite: db,
    migrated,
    // Once: a signal handler and a caller may both ask while a close is still under way.
    close() {
      closing ??= (async () => {
        try {
          if (!db.closed) await db.close();
        } finally {
          lock.release();
        }
      })();
      return closing;
    },
    releaseLock: lock.release,
  };
}
