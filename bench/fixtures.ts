import { hashIdentifier } from "@/lib/accounts/identifiers";
import { hashPassword } from "@/lib/accounts/password-hash";
import { applyMigrations } from "@/lib/db/migrate";
import { pgExecutor } from "@/lib/db/sql-executor";
import { createBridgeRedis, startBridge, type BridgeRedis } from "@/tools/upstash-bridge/bridge";
import { BENCH_PASSWORD, benchIpPrefix, benchUserId, benchUsername } from "./ids";
import { withPgClient } from "@/lib/db/pg-client";

/**
 * What the benchmarked server needs around it: a fresh PostgreSQL database with many users, and
 * the rate-limit store. Everything made here is named after one run tag and removed again.
 */

export type BenchUser = { id: string; username: string };

export type Database = { url: string; name: string; drop(): Promise<void> };

export async function createDatabase(serverUrl: string, tag: string): Promise<Database> {
  const name = `accounts_bench_${tag}`;
  await withPgClient(serverUrl, (admin) => admin.query(`CREATE DATABASE "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    // FORCE ends sessions a stopped server may have left behind (PostgreSQL 13+).
    drop: () =>
      withPgClient(serverUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}

/**
 * Migrates, then inserts `count` active users that all share one password hash: one Argon2id
 * hash costs tens of milliseconds, and a login costs the same whichever hash it verifies.
 */
export async function seedUsers(databaseUrl: string, tag: string, count: number): Promise<BenchUser[]> {
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  return withPgClient(databaseUrl, async (client) => {
    await applyMigrations(pgExecutor(client));
    await client.query(
      `INSERT INTO "User" ("id", "username", "phoneNumber", "passwordHash", "updatedAt")
       SELECT 'bench-' || $1 || '-' || n, 'u' || $1 || '_' || n, '+9990' || lpad(n::text, 8, '0'), $2, now()
       FROM generate_series(1, $3::int) AS n`,
      [tag, passwordHash, count],
    );
    await client.query(`ANALYZE "User"`);
    return Array.from({ length: count }, (_, i) => ({
      id: benchUserId(tag, i + 1),
      username: benchUsername(tag, i + 1),
    }));
  });
}

/** PostgreSQL backend pids serving this database now (their CPU time is the database's share). */
export async function backendPids(serverUrl: string, databaseName: string): Promise<number[]> {
  return withPgClient(serverUrl, async (client) => {
    const { rows } = await client.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = $1`, [
      databaseName,
    ]);
    return rows.map((row) => row.pid);
  });
}

export type RateLimitStore = {
  kind: string;
  env: Record<string, string>;
  /** Deletes the keys this run wrote (rate-limit counters of its IPs, lockout counters of its users). */
  close(users: BenchUser[]): Promise<void>;
};

/**
 * The Upstash bridge in front of the real Redis when one answers (as in production, the store
 * is shared and reached over HTTP), else the app's memory store.
 */
export async function rateLimitStore(
  redisUrl: string | undefined,
  tag: string,
  token: string,
): Promise<RateLimitStore> {
  if (!redisUrl) return { kind: "memory (no REDIS_URL)", env: {}, close: async () => {} };
  let redis: BridgeRedis | undefined;
  try {
    redis = createBridgeRedis(redisUrl);
    const bridge = await startBridge({ redis, token, readyTimeoutMs: 3_000 });
    const client = redis;
    return {
      kind: `Upstash REST bridge (in the bench process) → Redis ${redisUrl}`,
      env: { UPSTASH_REDIS_REST_URL: bridge.url, UPSTASH_REDIS_REST_TOKEN: token },
      async close(users) {
        await bridge.close();
        try {
          await deleteRunKeys(client, tag, users);
        } finally {
          client.disconnect();
        }
      },
    };
  } catch (error) {
    redis?.disconnect();
    return { kind: `memory (Redis unavailable: ${(error as Error).message})`, env: {}, close: async () => {} };
  }
}

async function deleteRunKeys(redis: BridgeRedis, tag: string, users: BenchUser[]): Promise<void> {
  const ipPrefix = benchIpPrefix(tag);
  const keys = new Set<string>();
  for (const pattern of [`rate-limit:*${ipPrefix}*`, `lockout:*${ipPrefix}*`]) {
    let cursor = "0";
    do {
      const [next, found] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 1000);
      cursor = next;
      found.forEach((key) => keys.add(key));
    } while (cursor !== "0");
  }
  // Account-wide counters carry no IP: named as lib/accounts/authenticate.ts names them (seeded
  // users are at token version 0). Should that naming change, these expire within the hour anyway.
  for (const user of users) keys.add(`lockout:{${hashIdentifier(`user:${user.id}:v0`)}}:all`);
  const list = [...keys];
  for (let i = 0; i < list.length; i += 500) await redis.del(...list.slice(i, i + 500));
}
