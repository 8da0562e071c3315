import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { logger } from "@/lib/log";
import type { SqlExecutor } from "./sql-executor";

/**
 * Applies prisma/migrations/<name>/migration.sql files and records them in `_prisma_migrations`
 * exactly as Prisma does (same table, checksum = sha256 hex of the file), so `prisma migrate
 * deploy` can take over wherever Prisma's native engine is available.
 * Unlike Prisma, each migration runs in a transaction, so a failure leaves no half-applied state
 * (and therefore migration files must not use CREATE INDEX CONCURRENTLY).
 */

export type Migration = { name: string; sql: string; checksum: string };

export type MigrateResult = {
  applied: string[];
  /** Recorded in the database but absent from the folder (e.g. a newer branch migrated it). */
  unknown: string[];
};

export class MigrationError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "MigrationError";
  }
}

/** Resolved at run time: the built server and the scripts both run from the project root. */
export function migrationsDir(): string {
  return path.join(/*turbopackIgnore: true*/ process.cwd(), "prisma", "migrations");
}

export function checksum(content: Buffer | string): string {
  return createHash("sha256").update(content).digest("hex");
}

/** Every migration folder, in Prisma's order (folder names sort by their timestamp prefix). */
export function readMigrations(dir = migrationsDir()): Migration[] {
  if (!existsSync(dir)) throw new MigrationError(`No migrations folder at ${dir}.`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const file = path.join(dir, name, "migration.sql");
      if (!existsSync(file)) throw new MigrationError(`Migration ${name} has no migration.sql (${file}).`);
      const bytes = readFileSync(file);
      return { name, sql: bytes.toString("utf8"), checksum: checksum(bytes) };
    });
}

// Prisma's own definition of its bookkeeping table.
const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
);`;

// The key Prisma's engine takes too, so our runner and `prisma migrate deploy` exclude each other.
const ADVISORY_LOCK_KEY = 72707369;

type Recorded = { migration_name: string; checksum: string; finished_at: Date | string | null };

/** Like Prisma, a file whose only change is CRLF ↔ LF line endings still counts as unchanged. */
function sameScript(recorded: string, migration: Migration): boolean {
  return recorded === migration.checksum || recorded === checksum(migration.sql.replace(/\r\n/g, "\n"));
}

/** Applies the pending migrations in order, one transaction each. Idempotent. */
export async function applyMigrations(
  sql: SqlExecutor,
  options: { dir?: string; migrations?: Migration[] } = {},
): Promise<MigrateResult> {
  const migrations = options.migrations ?? readMigrations(options.dir);
  // Session-level lock: concurrent starters (several app instances, a deploy) wait, then find nothing to do.
  await sql.query(`SELECT pg_advisory_lock(${ADVISORY_LOCK_KEY})`);
  try {
    await sql.exec(CREATE_TABLE);
    const rows = await sql.query<Recorded>(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
    );
    const recorded = new Map(rows.map((row) => [row.migration_name, row]));

    const failed = rows.filter((row) => row.finished_at === null).map((row) => row.migration_name);
    if (failed.length > 0) {
      throw new MigrationError(
        `Migration ${failed.join(", ")} failed earlier and was never finished. Repair the database, then ` +
          `mark it rolled back (UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = '…').`,
      );
    }
    for (const migration of migrations) {
      const row = recorded.get(migration.name);
      if (row && !sameScript(row.checksum, migration)) {
        throw new MigrationError(
          `Migration ${migration.name} was changed after it was applied (recorded checksum ${row.checksum}, ` +
            `file ${migration.checksum}). Restore the original file and put the change in a new migration.`,
        );
      }
    }

    const applied: string[] = [];
    for (const migration of migrations.filter((m) => !recorded.has(m.name))) {
      try {
        await sql.transaction(async (tx) => {
          await tx.exec(migration.sql);
          await tx.query(
            `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
             VALUES ($1, $2, $3, now(), clock_timestamp(), 1)`,
            [randomUUID(), migration.checksum, migration.name],
          );
        });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new MigrationError(`Migration ${migration.name} failed and was rolled back: ${reason}`, { cause: error });
      }
      logger.info({ migration: migration.name }, "applied database migration");
      applied.push(migration.name);
    }

    const names = new Set(migrations.map((m) => m.name));
    const unknown = rows.map((row) => row.migration_name).filter((name) => !names.has(name));
    if (unknown.length > 0) {
      logger.warn({ migrations: unknown }, "the database has migrations that this code does not know");
    }
    return { applied, unknown };
  } finally {
    await sql.query(`SELECT pg_advisory_unlock(${ADVISORY_LOCK_KEY})`);
  }
}
