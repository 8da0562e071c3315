import pg from "pg";
import { applyMigrations, type MigrateResult } from "@/lib/db/migrate";
import { pgExecutor } from "@/lib/db/sql-executor";

/**
 * Applies pending migrations to a PostgreSQL server over one dedicated connection. Safe to run
 * from several app instances at once: the runner holds Prisma's advisory lock while it works.
 */
export async function migrateServer(databaseUrl: string): Promise<MigrateResult> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await applyMigrations(pgExecutor(client));
  } finally {
    await client.end();
  }
}
