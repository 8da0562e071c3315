import { applyMigrations, type MigrateResult } from "@/lib/db/migrate";
import { withPgClient } from "@/lib/db/pg-client";
import { pgExecutor } from "@/lib/db/sql-executor";

/**
 * Applies pending migrations to a PostgreSQL server over one dedicated connection. Safe to run
 * from several app instances at once: the runner holds Prisma's advisory lock while it works.
 */
export function migrateServer(databaseUrl: string): Promise<MigrateResult> {
  return withPgClient(databaseUrl, (client) => applyMigrations(pgExecutor(client)), {
    connectionTimeoutMillis: 10_000,
  });
}
