/**
 * The security record at scale: fills a fresh database with 10,000,000 events (a year of them,
 * over 100,000 users), then measures what a sign-in adds to the database, and the reads the
 * record serves. Database time is PostgreSQL's own (EXPLAIN ANALYZE: planning + execution),
 * so neither the network nor this process is in it; the round trip is shown beside it.
 *
 *   npx tsx bench/events.ts [--events 10000000] [--no-write]
 *
 * BENCH_DATABASE_URL names the PostgreSQL server (default postgresql://postgres@127.0.0.1:5432/postgres).
 * Writes its section of docs/BENCHMARKS.md; drops its database whatever happens.
 */
import os from "node:os";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { createDatabase, seedUsers } from "./fixtures";
import { writeMarkdownSection } from "./markdown-section";

const args = process.argv.slice(2);
const value = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const EVENTS = Number(value("--events") ?? 10_000_000);
const USERS = 100_000;
const SAMPLES = 2_000;
const TARGET_INSERT_MS = 0.5;
const serverUrl = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

/** The types in roughly the proportions a live system writes them. */
const TYPES = [
  "sign_in",
  "sign_in",
  "sign_in",
  "sign_in",
  "sign_in_failed",
  "session_ended",
  "rate_limited",
  "sign_up",
];

type Timing = { p50: number; p95: number; mean: number };
const summary = (values: number[]): Timing => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { p50: at(0.5), p95: at(0.95), mean: values.reduce((a, b) => a + b, 0) / values.length };
};

async function explained(client: pg.Client, sql: string, params: unknown[]): Promise<{ db: number; trip: number }> {
  const started = performance.now();
  const { rows } = await client.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params);
  const trip = performance.now() - started;
  const [plan] = rows[0]["QUERY PLAN"] as Array<{ "Planning Time": number; "Execution Time": number }>;
  return { db: plan["Planning Time"] + plan["Execution Time"], trip };
}

async function main(): Promise<void> {
  const tag = randomBytes(4).toString("hex");
  const database = await createDatabase(serverUrl, tag);
  const client = new pg.Client({ connectionString: database.url });
  try {
    const users = await seedUsers(database.url, tag, USERS);
    await client.connect();
    const seedStarted = performance.now();
    await client.query(
      `INSERT INTO "SecurityEvent" ("type", "at", "userId", "ip", "userAgent", "detail")
       SELECT ($1::text[])[1 + abs(hashint4(n)) % ${TYPES.length}],
              now() AT TIME ZONE 'UTC' - interval '365 days' + (n::float8 / $2) * interval '365 days',
              'bench-' || $3 || '-' || (1 + abs(hashint4(n + 99)) % ${USERS}),
              '203.0.113.' || (n % 250), 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36',
              '{"kind":"api"}'::jsonb
       FROM generate_series(1, $2::int) AS n`,
      [TYPES, EVENTS, tag],
    );
    await client.query(`VACUUM ANALYZE "SecurityEvent"`);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const { rows: size } = await client.query(
      `SELECT pg_size_pretty(pg_table_size('"SecurityEvent"')) AS heap, pg_size_pretty(pg_indexes_size('"SecurityEvent"')) AS indexes`,
    );

    const user = (i: number) => users[(i * 7919) % users.length].id;
    const insertSql = `INSERT INTO "SecurityEvent" ("type", "at", "userId", "ip", "userAgent", "detail")
      VALUES ('sign_in', now() AT TIME ZONE 'UTC', $1, '203.0.113.9', 'Mozilla/5.0 bench', '{"kind":"api"}'::jsonb)`;
    const inserts: { db: number; trip: number }[] = [];
    for (let i = 0; i < SAMPLES; i++) inserts.push(await explained(client, insertSql, [user(i)]));
    const activity: { db: number; trip: number }[] = [];
    for (let i = 0; i < SAMPLES / 4; i++) {
      activity.push(
        await explained(
          client,
          `SELECT * FROM "SecurityEvent" WHERE "userId" = $1 ORDER BY "at" DESC, "id" DESC LIMIT 20`,
          [user(i + 1)],
        ),
      );
    }
    const daily = await explained(
      client,
      `SELECT date_trunc('day', "at") AS day, count(*) FROM "SecurityEvent"
       WHERE "type" = 'sign_in_failed' AND "at" >= now() AT TIME ZONE 'UTC' - interval '30 days' GROUP BY 1 ORDER BY 1`,
      [],
    );

    const insert = summary(inserts.map((x) => x.db));
    const insertTrip = summary(inserts.map((x) => x.trip));
    const reads = summary(activity.map((x) => x.db));
    const ms = (n: number) => n.toFixed(3);
    const ok = insert.p95 <= TARGET_INSERT_MS ? "✅" : "❌";
    const section = [
      START,
      `## Security events at ${EVENTS.toLocaleString("en-US")} rows`,
      "",
      `Run ${new Date().toISOString().slice(0, 10)} on ${os.availableParallelism()} CPUs / ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL on 127.0.0.1 with its default settings; a fresh database with ${USERS.toLocaleString("en-US")} users and ${EVENTS.toLocaleString("en-US")} events over a year (seeded in ${seedSeconds.toFixed(0)} s; table ${size[0].heap}, indexes ${size[0].indexes}: (userId, at desc), (type, at), BRIN (at)). Database time is EXPLAIN ANALYZE's planning + execution, one statement at a time (the commit's WAL flush is in the round trip, not in it). Load average at the end: ${os
        .loadavg()
        .map((n) => n.toFixed(2))
        .join(", ")}. Command: \`npx tsx bench/events.ts\`.`,
      "",
      "| what | p50 | p95 | target |",
      "| --- | --- | --- | --- |",
      `| a sign-in's event insert, database time (${SAMPLES} inserts) | ${ms(insert.p50)} ms | **${ms(insert.p95)} ms** | ${ok} ≤ ${TARGET_INSERT_MS} ms |`,
      `| the same, round trip from the client | ${ms(insertTrip.p50)} ms | ${ms(insertTrip.p95)} ms | |`,
      `| a user's 20 newest events, database time (${activity.length} users) | ${ms(reads.p50)} ms | ${ms(reads.p95)} ms | |`,
      `| failed sign-ins per day over 30 days, one query (≈${Math.round((EVENTS * 30) / 365 / TYPES.length).toLocaleString("en-US")} rows counted) | ${ms(daily.db)} ms | | |`,
      END,
    ].join("\n");
    console.log(section);
    if (!args.includes("--no-write")) writeMarkdownSection("docs/BENCHMARKS.md", START, END, section);
  } finally {
    await client.end().catch(() => undefined);
    await database.drop();
  }
}

const START = "<!-- events-bench:start -->";
const END = "<!-- events-bench:end -->";

await main();
