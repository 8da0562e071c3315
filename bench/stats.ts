/**
 * The staff overview at scale: GET /api/admin/stats (days=30 and days=90) through the built
 * production server, one request at a time and 4 at a time, on a database of 1,000,000 users
 * (bench/admin-seed.ts's seed) and 10,000,000 security events over a year (written as
 * bench/events.ts writes them). Both are plain INSERTs, so the counting triggers keep the
 * overview's counters exactly as the app's own writes do; the events go in 100 statements that
 * each span the whole year, so every day's counter is updated many times over, its shards
 * filling as live traffic fills them. The counters are checked against count(*) before measuring.
 *
 *   npx tsx bench/stats.ts [--fresh] [--no-write] [--requests 500] [--seed-only]
 *
 * BENCH_DATABASE_URL names the PostgreSQL server (default postgresql://postgres@127.0.0.1:5432/postgres);
 * the database is accounts_bench_stats, kept for the next run (--fresh rebuilds it).
 * STATS_BENCH_DIST_DIR (default .next-stats-bench) is the build; STATS_BENCH_SKIP_BUILD=1 reuses it.
 */
import { existsSync, mkdirSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import { withPgClient } from "@/lib/db/pg-client";
import { seedAdminBench } from "./admin-seed";
import { get } from "./admin-search";
import { staffToken, startBenchServer } from "./admin-server";
import { writeMarkdownSection } from "./markdown-section";
import { buildApp, describeBuild } from "./server";

const args = process.argv.slice(2);
const value = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const REQUESTS = Number(value("--requests") ?? 500);
const EVENTS = 10_000_000;
const USERS = 1_000_000;
const STATEMENTS = 100;
const TARGET_P95_MS = 50;
const DIST_DIR = process.env.STATS_BENCH_DIST_DIR ?? ".next-stats-bench";
const PORT = Number(process.env.STATS_BENCH_PORT ?? 3293);

const serverUrl = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const databaseUrl = (() => {
  const url = new URL(serverUrl);
  url.pathname = "/accounts_bench_stats";
  return url.toString();
})();
// admin-seed.ts seeds the database this names.
process.env.ADMIN_BENCH_DATABASE_URL = databaseUrl;
// The events span a year: with the default 90-day retention the server's purge would delete
// three quarters of them, 10,000 at a time, while it is being measured.
process.env.EVENT_RETENTION_DAYS = "400";

/** The types in roughly the proportions a live system writes them; the six counted ones among them. */
const TYPES = [
  "sign_in",
  "sign_in",
  "sign_in",
  "sign_in",
  "sign_in_failed",
  "session_ended",
  "rate_limited",
  "sign_up",
  "lockout",
  "password_reset_requested",
  "password_reset",
  "email_verified",
];

const sql = (text: string, params: unknown[] = []) => withPgClient(databaseUrl, (client) => client.query(text, params));

async function seedEvents(fresh: boolean): Promise<{ seconds: number; reused: boolean; toppedUp: number }> {
  const [{ n }] = (await sql(`SELECT count(*)::int AS n FROM "SecurityEvent"`)).rows as [{ n: number }];
  // Each run's staff sign-in adds one.
  if (!fresh && n >= EVENTS && n < EVENTS * 1.01) return { seconds: 0, reused: true, toppedUp: 0 };
  // A few purged by a server run with a shorter retention: the same statement writes that many again.
  if (!fresh && n > EVENTS * 0.99 && n < EVENTS) {
    await insertEvents(1, EVENTS - n, 1);
    return { seconds: 0, reused: true, toppedUp: EVENTS - n };
  }
  const started = performance.now();
  // The truncate trigger empties the counters with the record.
  await sql(`TRUNCATE "SecurityEvent"`);
  for (let statement = 1; statement <= STATEMENTS; statement++) {
    await insertEvents(statement, EVENTS, STATEMENTS);
    if (statement % 10 === 0) console.log(`events: ${statement * (EVENTS / STATEMENTS)} written`);
  }
  await sql(`VACUUM ANALYZE "SecurityEvent", "EventDailyCount", "UserTotals"`);
  return { seconds: (performance.now() - started) / 1000, reused: false, toppedUp: 0 };
}

/** Events first, first + step, … up to last, spread evenly over the last 365 days by their number. */
async function insertEvents(first: number, last: number, step: number): Promise<void> {
  await sql(
    `INSERT INTO "SecurityEvent" ("type", "at", "userId", "ip", "userAgent", "detail")
       SELECT ($1::text[])[1 + abs(hashint4(n)) % ${TYPES.length}],
              now() AT TIME ZONE 'UTC' - interval '365 days' + (n::float8 / $2) * interval '365 days',
              'u' || lpad((1 + abs(hashint4(n + 99)) % ${USERS})::text, 8, '0'),
              '203.0.113.' || (n % 250), 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36',
              '{"kind":"api"}'::jsonb
       FROM generate_series($3::int, $4::int, $5::int) AS n`,
    [TYPES, last, first, last, step],
  );
}

/** The counters against the rows they count: the last 90 days of events, and every user. */
async function checkCounters(): Promise<{ counterRows: number; days: number }> {
  const { rows: wrong } = await sql(`
    WITH truth AS (
      SELECT "at"::date AS day, "type", count(*)::int AS n FROM "SecurityEvent"
      WHERE "at" >= (now() AT TIME ZONE 'UTC')::date - 89 GROUP BY 1, 2
    ), counted AS (
      SELECT "day", "type", sum("count")::int AS n FROM "EventDailyCount"
      WHERE "day" >= (now() AT TIME ZONE 'UTC')::date - 89 GROUP BY 1, 2
    )
    SELECT * FROM truth FULL JOIN counted USING (day, type) WHERE truth.n IS DISTINCT FROM counted.n`);
  if (wrong.length > 0) throw new Error(`event counters disagree with the events: ${JSON.stringify(wrong[0])}`);
  const { rows: totals } = await sql(`
    SELECT (SELECT row(sum("users"), sum("active"), sum("staff"), sum("emailVerified"), sum("mfaEnabled"))::text FROM "UserTotals") AS counted,
           (SELECT row(count(*) FILTER (WHERE "deletedAt" IS NULL),
                       count(*) FILTER (WHERE "deletedAt" IS NULL AND "isActive"),
                       count(*) FILTER (WHERE "deletedAt" IS NULL AND "isStaff"),
                       count(*) FILTER (WHERE "deletedAt" IS NULL AND "emailVerified" IS NOT NULL),
                       count(*) FILTER (WHERE "deletedAt" IS NULL AND "mfaEnabled"))::text FROM "User") AS truth`);
  const { counted, truth } = totals[0] as { counted: string; truth: string };
  if (counted !== truth) throw new Error(`user totals ${counted} disagree with the User table ${truth}`);
  const { rows } = await sql(
    `SELECT count(*)::int AS n, count(DISTINCT "day")::int AS days FROM "EventDailyCount" WHERE "day" >= (now() AT TIME ZONE 'UTC')::date - 89`,
  );
  return { counterRows: rows[0].n as number, days: rows[0].days as number };
}

type Latency = { p50: number; p95: number; p99: number; max: number };
const latency = (ms: number[]): Latency => {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  return { p50: at(50), p95: at(95), p99: at(99), max: sorted[sorted.length - 1] };
};

async function measure(url: string, token: string, concurrency: number): Promise<Latency> {
  // node:http over kept-alive sockets (as bench/admin-search.ts): the load generator's CPU is the server's too.
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const ask = async () => {
    const started = performance.now();
    const { status, text } = await get(url, token, agent);
    if (status !== 200) throw new Error(`${url} → ${status} ${text}`);
    return performance.now() - started;
  };
  for (let i = 0; i < 20; i++) await ask();
  const times: number[] = [];
  let left = REQUESTS;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (left-- > 0) times.push(await ask());
    }),
  );
  agent.destroy();
  return latency(times);
}

async function main(): Promise<void> {
  mkdirSync(".test-output", { recursive: true });
  const fresh = args.includes("--fresh");
  const users = await seedAdminBench({ users: USERS, fresh });
  const events = await seedEvents(fresh || !users.reused);
  const check = await checkCounters();
  console.log(`counters match: ${check.counterRows} counter rows over the last ${check.days} days`);
  if (args.includes("--seed-only")) return;
  const pgVersion = ((await sql(`SHOW server_version`)).rows[0] as { server_version: string }).server_version;

  if (!(process.env.STATS_BENCH_SKIP_BUILD === "1" && existsSync(`${DIST_DIR}/BUILD_ID`))) buildApp(DIST_DIR);
  const build = describeBuild("this", ".", DIST_DIR);
  const loadAtStart = os.loadavg()[0];
  const server = await startBenchServer(build, databaseUrl, PORT);
  const results: Array<{ days: number; concurrency: number; latency: Latency }> = [];
  try {
    const token = await staffToken(server.url);
    const baseline = await measure(`${server.url}/api/auth/me`, token, 1);
    console.log(`/api/auth/me c=1: p50 ${baseline.p50.toFixed(1)} ms, p95 ${baseline.p95.toFixed(1)} ms`);
    results.push({ days: 0, concurrency: 1, latency: baseline });
    for (const days of [30, 90]) {
      for (const concurrency of [1, 4]) {
        const result = await measure(`${server.url}/api/admin/stats?days=${days}`, token, concurrency);
        results.push({ days, concurrency, latency: result });
        console.log(
          `days=${days} c=${concurrency}: p50 ${result.p50.toFixed(1)} ms, p95 ${result.p95.toFixed(1)} ms, max ${result.max.toFixed(1)} ms`,
        );
      }
    }
  } finally {
    await server.stop();
  }
  const load = `${loadAtStart.toFixed(1)} at the start, ${os.loadavg()[0].toFixed(1)} at the end`;
  const ms = (n: number) => n.toFixed(1);
  const ok = (n: number) => (n <= TARGET_P95_MS ? "✅" : "❌");
  const seeded = users.reused
    ? `reused from an earlier run of this bench${events.toppedUp ? `; ${events.toppedUp.toLocaleString("en-US")} events a server with the default retention had purged were written again` : ""}`
    : `users ${users.seconds.toFixed(0)} s, events ${events.seconds.toFixed(0)} s`;
  const section = [
    START,
    `## Staff overview at ${USERS.toLocaleString("en-US")} users and ${EVENTS.toLocaleString("en-US")} events`,
    "",
    `Run ${new Date().toISOString().slice(0, 10)} on ${os.availableParallelism()} CPUs / ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL ${pgVersion} on 127.0.0.1 with its default settings, database accounts_bench_stats, the production server from ${DIST_DIR} (commit ${build.commit}). Load average during the run (shared machine): ${load}. Command: \`BENCH_DATABASE_URL=${serverUrl} npx tsx bench/stats.ts\` (\`--fresh\` re-seeds).`,
    "",
    `Seed (${seeded}): ${USERS.toLocaleString("en-US")} users by bench/admin-seed.ts (one INSERT … SELECT), then ${EVENTS.toLocaleString("en-US")} security events over the last 365 days in ${STATEMENTS} INSERT … SELECT statements, each spanning the whole year, with the types in live proportions (${[...new Set(TYPES)].join(", ")}). Both went through the counting triggers of the migration, not a backfill; before measuring, the counters were checked against count(*) over the events of the last 90 days and over the User table, and matched (${check.counterRows.toLocaleString("en-US")} counter rows over those ${check.days} days).`,
    "",
    `GET /api/admin/stats with a staff token, ${REQUESTS} requests per line after 20 warm-up requests, latency at the client in ms (target: p95 ≤ ${TARGET_P95_MS} ms):`,
    "",
    "| days | concurrency | p50 | p95 | p99 | max | target |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...results
      .filter(({ days }) => days > 0)
      .map(
        ({ days, concurrency, latency: l }) =>
          `| ${days} | ${concurrency} | ${ms(l.p50)} | **${ms(l.p95)}** | ${ms(l.p99)} | ${ms(l.max)} | ${ok(l.p95)} |`,
      ),
    `| GET /api/auth/me, for comparison (the token check and one user read) | 1 | ${ms(results[0].latency.p50)} | ${ms(results[0].latency.p95)} | ${ms(results[0].latency.p99)} | ${ms(results[0].latency.max)} | |`,
    "",
    "The request reads two small tables, whatever the number of users and events: UserTotals (8 shard rows) and, for the days asked, EventDailyCount (one row per UTC day, counted type and shard, by its primary key), kept by statement triggers on User and SecurityEvent. What it costs is mostly the request's own: the token check and the JSON.",
    END,
  ].join("\n");
  console.log(section);
  if (!args.includes("--no-write")) writeMarkdownSection("docs/BENCHMARKS.md", START, END, section);
}

const START = "<!-- stats-bench:start -->";
const END = "<!-- stats-bench:end -->";

await main();
