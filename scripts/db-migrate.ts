/**
 * `npm run db:migrate`: applies pending migrations to DATABASE_URL, or, when it is unset, to the
 * embedded database (which the app also migrates on its own at start-up). Idempotent.
 */
import { parseConfig } from "@/lib/config";
import { openEmbeddedDatabase } from "@/lib/db/embedded";
import type { MigrateResult } from "@/lib/db/migrate";
import { migrateServer } from "@/lib/db/migrate-server";

async function main(): Promise<void> {
  // Only the database settings matter here: a deploy step that migrates need not hold the app's
  // AUTH_SECRET (required in production), nor should it create the dev secret file.
  const { databaseUrl, dataDir } = parseConfig({
    ...process.env,
    AUTH_SECRET: process.env.AUTH_SECRET || "-".repeat(32),
  });
  let result: MigrateResult;
  if (databaseUrl) {
    result = await migrateServer(databaseUrl);
  } else {
    const embedded = await openEmbeddedDatabase(dataDir); // opening migrates it
    console.log(`embedded database: ${dataDir}`);
    result = embedded.migrated;
    await embedded.close();
  }
  console.log(result.applied.length === 0 ? "database is up to date" : `applied: ${result.applied.join(", ")}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
