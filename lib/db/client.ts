import type { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { softDelete } from "./users";

/** Where a client's queries go: a PostgreSQL server, or an open PGlite (embedded or in memory). */
export type DbSource = { databaseUrl: string } | { pglite: PGlite };

function build(source: DbSource) {
  const adapter =
    "databaseUrl" in source
      ? new PrismaPg({
          connectionString: source.databaseUrl,
          // Fail fast when the server is unreachable, so requests and /api/health answer promptly.
          connectionTimeoutMillis: 5_000,
        })
      : new PrismaPGlite(source.pglite);
  return new PrismaClient({ adapter }).$extends(softDelete);
}

/** The app's client type: Prisma's, with the user soft-delete scope (lib/db/users.ts). */
export type Db = ReturnType<typeof build>;

/**
 * A client over a given database. Migrations are the caller's business (the app's getDb() and
 * the test helper migrate before calling this). Close it with `$disconnect()`; a PGlite passed in
 * stays open and belongs to the caller.
 */
export function createDb(source: DbSource): Db {
  return build(source);
}
