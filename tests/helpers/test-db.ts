import { randomBytes } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import pg from "pg";
import { createDb, type Db } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrate";
import { pgExecutor, pgliteExecutor, type SqlExecutor } from "@/lib/db/sql-executor";
import { withPgClient } from "@/lib/db/pg-client";

/**
 * A clean, migrated database per caller, never a shared or remote one.
 * - TEST_DATABASE_URL (or DATABASE_URL) set: a new uniquely named database on that server, which
 *   must be local; it is dropped again by close(). The URL's own database is never touched.
 * - Neither set: an in-memory PGlite.
 * `sql` is a raw executor on one dedicated session of the same database (for EXPLAIN, SET, …).
 */
export type TestDb = {
  db: Db;
  sql: SqlExecutor;
  /** Set in server mode: the URL of the fresh database. */
  databaseUrl?: string;
  kind: "postgres" | "pglite";
  close(): Promise<void>;
};

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

export function serverUrlForTests(): string | undefined {
  return process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
}

/** Tests create and drop databases: never against anything but this machine. */
export function assertLocalDatabase(url: string): void {
  const { hostname } = new URL(url);
  if (!LOCAL_HOSTS.has(hostname)) {
    throw new Error(
      `Refusing to run tests against the non-local database host "${hostname}" (only 127.0.0.1/localhost).`,
    );
  }
}

export async function createTestDb(): Promise<TestDb> {
  const serverUrl = serverUrlForTests();
  return serverUrl ? createServerDb(serverUrl) : createPgliteDb();
}

async function createPgliteDb(): Promise<TestDb> {
  const pglite = await PGlite.create({ extensions: { pg_trgm } });
  const sql = pgliteExecutor(pglite);
  await applyMigrations(sql);
  const db = createDb({ pglite });
  return {
    db,
    sql,
    kind: "pglite",
    async close() {
      await db.$disconnect();
      await pglite.close();
    },
  };
}

async function createServerDb(serverUrl: string): Promise<TestDb> {
  assertLocalDatabase(serverUrl);
  const name = `accounts_test_${Date.now()}_${randomBytes(4).toString("hex")}`;
  await withPgClient(serverUrl, (admin) => admin.query(`CREATE DATABASE "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();

  const session = new pg.Client({ connectionString: databaseUrl });
  await session.connect();
  const sql = pgExecutor(session);
  await applyMigrations(sql);
  const db = createDb({ databaseUrl });
  return {
    db,
    sql,
    databaseUrl,
    kind: "postgres",
    async close() {
      await db.$disconnect();
      await session.end();
      // FORCE (PostgreSQL 13+): a pool connection still closing must not keep it alive.
      await withPgClient(serverUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}
