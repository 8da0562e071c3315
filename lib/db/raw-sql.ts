import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { Prisma } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/log";

/**
 * Raw SQL straight to the driver, for the hot paths whose SQL is raw anyway: the staff search
 * (lib/admin/search.ts) and the token check of every authenticated request
 * (lib/accounts/token-user.ts). Prisma's $queryRaw costs more than twice node-postgres's own CPU
 * per query (its query interpreter; bench/micro.ts), and its forced-plan transaction four round trips.
 *
 * `settings` are planner settings in force for that one query: on PostgreSQL the query runs on a
 * connection opened with them (one small pool per set of settings, so no BEGIN/SET/COMMIT round
 * trips); on PGlite (a single connection) inside a transaction that sets them with SET LOCAL.
 */
export type PlannerSettings = Readonly<Record<string, string>>;

export type RawSql = {
  query<Row>(sql: Prisma.Sql, settings?: PlannerSettings): Promise<Row[]>;
  /**
   * A query run as a named prepared statement: PostgreSQL parses and plans it once per
   * connection instead of on every call, which is most of a short query's cost on the server.
   * For the statements of every request; `name` must always go with the same SQL text.
   */
  prepared<Row>(name: string, sql: Prisma.Sql): Promise<Row[]>;
  /** Ends the connections this opened (a PGlite stays open: it belongs to the caller). */
  close(): Promise<void>;
};

/** Connections per pool: the search is one query at a time per request, and the cores are few. */
const POOL_SIZE = 4;

// Both drivers read `timestamp` (without time zone) as local time; the app stores UTC, as Prisma
// reads it.
const TIMESTAMP_OID = 1114;
const utcTimestamp = (text: string) => new Date(`${text.replace(" ", "T")}Z`);
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === TIMESTAMP_OID && format !== "binary"
      ? utcTimestamp
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};
const pgliteOptions = { parsers: { [TIMESTAMP_OID]: utcTimestamp } };

export function pgRawSql(databaseUrl: string): RawSql {
  const pools = new Map<string, pg.Pool>();
  const poolFor = (settings: PlannerSettings = {}) => {
    const options = Object.entries(settings)
      .map(([name, value]) => `-c ${name}=${value}`)
      .join(" ");
    let pool = pools.get(options);
    if (!pool) {
      pool = new pg.Pool({
        connectionString: databaseUrl,
        options: options || undefined,
        max: POOL_SIZE,
        connectionTimeoutMillis: 5_000,
        types,
      });
      // An idle connection the server closed (restart, failover): the pool replaces it on next use.
      pool.on("error", (err) => logger.warn({ err }, "an idle database connection failed"));
      pools.set(options, pool);
    }
    return pool;
  };
  return {
    async query<Row>(sql: Prisma.Sql, settings?: PlannerSettings) {
      return (await poolFor(settings).query(sql.text, sql.values as unknown[])).rows as Row[];
    },
    async prepared<Row>(name: string, sql: Prisma.Sql) {
      return (await poolFor().query({ name, text: sql.text, values: sql.values as unknown[] })).rows as Row[];
    },
    async close() {
      const all = [...pools.values()];
      pools.clear();
      await Promise.all(all.map((pool) => pool.end()));
    },
  };
}

export function pgliteRawSql(pglite: PGlite): RawSql {
  return {
    // One embedded connection, queried in process: nothing to gain from preparing.
    prepared<Row>(_name: string, sql: Prisma.Sql) {
      return this.query<Row>(sql);
    },
    async query<Row>(sql: Prisma.Sql, settings?: PlannerSettings) {
      if (!settings) return (await pglite.query<Row>(sql.text, sql.values as unknown[], pgliteOptions)).rows;
      return pglite.transaction(async (tx) => {
        for (const [name, value] of Object.entries(settings))
          await tx.query("SELECT set_config($1, $2, true)", [name, value]);
        return (await tx.query<Row>(sql.text, sql.values as unknown[], pgliteOptions)).rows;
      });
    },
    async close() {},
  };
}

/**
 * A time as a `timestamp` (without time zone) parameter in UTC, which is how the app stores them:
 * a bare Date parameter would be written in the driver's local time.
 */
export function sqlUtc(date: Date): Prisma.Sql {
  return Prisma.sql`(${date.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;
}
