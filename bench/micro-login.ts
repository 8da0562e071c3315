import "./env";
import { randomBytes } from "node:crypto";
import { createDatabase, rateLimitStore, seedUsers } from "./fixtures";
import { BENCH_PASSWORD, benchIp } from "./ids";
import { parseOptions } from "./options";
import { Prisma } from "@/lib/generated/prisma/client";

/**
 * Where the CPU of one login goes, piece by piece, outside Next: each piece of authenticate()
 * run `count` times with 8 in flight in this process (CPU µs per call, all threads). The store
 * is the real one: the bridge → Redis (the bridge runs in this process, so its CPU counts too),
 * or with BENCH_REDIS_URL="" the memory store.
 * Investigation only.   tsx bench/micro-login.ts [--count 400]
 */

const argv = process.argv.slice(2);
const count = argv.includes("--count") ? Number(argv[argv.indexOf("--count") + 1]) : 400;
const options = parseOptions([], process.env);

async function time(name: string, run: (i: number) => Promise<unknown>, concurrency = 8): Promise<void> {
  for (let i = 0; i < 20; i++) await run(i + 1_000_000);
  const cpu = process.cpuUsage();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await run(next++);
    }),
  );
  const used = process.cpuUsage(cpu);
  const rss = (process.memoryUsage.rss() / 2 ** 20).toFixed(0);
  console.log(
    `${name.padEnd(60)} ${((used.user + used.system) / count).toFixed(0).padStart(7)} µs CPU/call (kernel ${(used.system / count).toFixed(0)}), RSS ${rss} MiB`,
  );
}

async function main(): Promise<void> {
  const tag = randomBytes(4).toString("hex");
  process.env.AUTH_SECRET = randomBytes(32).toString("base64url");
  const database = await createDatabase(options.databaseServerUrl, tag);
  const users = await seedUsers(database.url, tag, 2_000);
  const store = await rateLimitStore(options.redisUrl, tag, randomBytes(16).toString("hex"));
  try {
    Object.assign(process.env, { DATABASE_URL: database.url, ...store.env });
    const { identifierCandidates, hashIdentifier } = await import("@/lib/accounts/identifiers");
    const { authenticate } = await import("@/lib/accounts/authenticate");
    const { verifyPassword } = await import("@/lib/accounts/password-hash");
    const { tokenResponse } = await import("@/lib/accounts/token-response");
    const { assertRateLimit } = await import("@/lib/rate-limit");
    const { recordLoginSuccess, reserveLoginAttempt } = await import("@/lib/rate-limit/lockout");
    const { getDb } = await import("@/lib/db");
    const { apiApp } = await import("@/lib/api/app");
    const { SOCKET_IP_HEADER } = await import("@/lib/http/client-ip");
    const db = await getDb();
    const name = (i: number) => users[i % users.length].username;
    const row = (await db.$queryRaw<Array<{ passwordHash: string }>>`SELECT "passwordHash" FROM "User" LIMIT 1`)[0];
    const client = (ip: string) => ({ ip, userAgent: "bench" });
    const user = await authenticate({ identifier: name(0), password: BENCH_PASSWORD }, client(benchIp(tag, 999_999)));
    const ip = (i: number) => benchIp(tag, i + 10_000_000);
    let n = 0;
    const login = () => {
      const i = n++;
      return new Request("http://localhost/api/auth/login", {
        method: "POST",
        headers: { "content-type": "application/json", [SOCKET_IP_HEADER]: ip(i + 50_000_000) },
        body: JSON.stringify({ identifier: name(i), password: BENCH_PASSWORD }),
      });
    };

    console.log(`store: ${store.kind}; ${count} calls each, 8 in flight`);
    for (let round = 0; round < 3; round++) {
      await time("Argon2id verifyPassword", () => verifyPassword(row.passwordHash, BENCH_PASSWORD));
      await time("authenticate() whole (incl. verify)", (i) =>
        authenticate({ identifier: name(i), password: BENCH_PASSWORD }, client(ip(i + 3_000_000 + round * 100_000))),
      );
    }
    await time("identifierCandidates (libphonenumber max)", async (i) => identifierCandidates(name(i)));
    await time("hashIdentifier (HMAC)", async (i) => hashIdentifier(`user:${i}`));
    await time("the login's user query, Prisma $queryRaw", (i) => db.$queryRaw(loginQuery(name(i))));
    await time("the login's user query, node-postgres ($rawSql, as authenticate does)", (i) =>
      db.$rawSql.query(loginQuery(name(i))),
    );
    await time("assertRateLimit('login') via the store", (i) => assertRateLimit("login", ip(i)));
    await time("reserveLoginAttempt + recordLoginSuccess", async (i) => {
      // A seeded user's own key, so that the bench's cleanup finds the counters again.
      const key = hashIdentifier(`user:${users[i % users.length].id}:v0`);
      await reserveLoginAttempt(key, ip(i + 1_000_000));
      await recordLoginSuccess(key, ip(i + 1_000_000));
    });
    await time("tokenResponse (session row + event + sign + JSON)", (i) => tokenResponse(user, client(ip(i))));
    await time("authenticate() whole (incl. verify)", (i) =>
      authenticate({ identifier: name(i), password: BENCH_PASSWORD }, client(ip(i + 2_000_000))),
    );
    await time("POST /api/auth/login through the API app, no server (incl. verify)", async () =>
      (await apiApp.fetch(login())).text(),
    );
    await timeMemoryStore(hashIdentifier);
    await db.$disconnect();
  } finally {
    await store.close(users);
    await database.drop();
  }
}

/**
 * A login's three store calls (rate limit, lockout reserve, success) on the zero-configuration
 * memory store, whichever store the app above was given.
 */
async function timeMemoryStore(hashIdentifier: (text: string) => string): Promise<void> {
  const { createMemoryStore, createRateLimiter, policySpec } = await import("@/lib/rate-limit");
  const { createLoginLockout } = await import("@/lib/rate-limit/lockout");
  const store = createMemoryStore();
  const limiter = createRateLimiter(store, policySpec("login", 1_000_000_000));
  const lockout = createLoginLockout(store, {
    maxFailures: 1_000_000,
    lockoutSeconds: 300,
    accountMaxFailuresPerHour: 1_000_000,
  });
  for (let round = 0; round < 3; round++) {
    await time("memory store, a login's 3 calls", async (i) => {
      const key = hashIdentifier(`engine:${i % 1_000}`);
      await limiter.assert(`10.9.${i % 250}.1`);
      await lockout.reserve(key, "10.9.0.1");
      await lockout.recordSuccess(key, "10.9.0.1");
    });
  }
  store.close();
}

function loginQuery(name: string): Prisma.Sql {
  return Prisma.sql`SELECT "id", "passwordHash" FROM "User" WHERE lower("username") = ${name.toLowerCase()}::text OR "phoneNumber" = ${null}::text LIMIT 1`;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
