import type { PGlite, Transaction } from "@electric-sql/pglite";
import type pg from "pg";

/**
 * The little SQL surface the migration runner needs, over either driver, so one runner serves
 * the embedded database (PGlite) and a PostgreSQL server (node-postgres) alike.
 */
export interface SqlExecutor {
  /** One statement with $1… parameters; returns its rows. */
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** A script of several statements, no parameters. */
  exec(script: string): Promise<void>;
  /** Runs fn inside BEGIN … COMMIT (ROLLBACK when it throws). */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
}

type PgliteLike = Pick<PGlite, "query" | "exec" | "transaction"> | Transaction;

export function pgliteExecutor(db: PgliteLike): SqlExecutor {
  return {
    async query<Row>(sql: string, params: unknown[] = []) {
      return (await db.query<Row>(sql, params)).rows;
    },
    async exec(script) {
      await db.exec(script);
    },
    async transaction(fn) {
      // A PGlite Transaction has no nested transactions; inside one we are already atomic.
      if (!("transaction" in db)) return fn(pgliteExecutor(db));
      return db.transaction((tx) => fn(pgliteExecutor(tx)));
    },
  };
}

/** Over one dedicated connection: a transaction must stay on a single session. */
export function pgExecutor(client: pg.ClientBase, inTransaction = false): SqlExecutor {
  return {
    async query<Row>(sql: string, params: unknown[] = []) {
      return (await client.query(sql, params)).rows as Row[];
    },
    async exec(script) {
      // Without parameters node-postgres uses the simple protocol, which runs several statements.
      await client.query(script);
    },
    async transaction(fn) {
      if (inTransaction) return fn(pgExecutor(client, true));
      await client.query("BEGIN");
      try {
        const result = await fn(pgExecutor(client, true));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
    },
  };
}
