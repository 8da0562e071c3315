/**
 * What the overview's counting triggers add to the writes they count: a sign-in's transaction
 * (BEGIN, one event INSERT, COMMIT) with the SecurityEvent counting trigger on and off, taking
 * turns round after round on one fresh database, one client at a time and 8 at once (8 writers
 * on the same day and type is where the counter's row lock would queue them, were it one row).
 *
 *   npx tsx bench/event-counters.ts [--no-write]
 *
 * BENCH_DATABASE_URL names the PostgreSQL server (default postgresql://postgres@127.0.0.1:5432/postgres).
 * Writes its section of docs/BENCHMARKS.md; drops its database whatever happens.
 */
import os from "node:os";
import pg from "pg";
import { createDatabase, seedUsers } from "./fixtures";
import { writeMarkdownSection } from "./markdown-section";

const ROUNDS = 5;
const PER_ROUND = 2_000;
const CONCURRENCY = 8;
const serverUrl = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

type Mode = "on" | "off";

/** Sign-in transactions per second over `clients` connections, `total` in all. */
async function signInsPerSecond(clients: pg.Client[], userIds: string[], total: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    clients.map(async (client) => {
      while (next < total) {
        const i = next++;
        await client.query("BEGIN");
        await client.query(
          `INSERT INTO "SecurityEvent" ("type", "userId", "ip", "userAgent", "detail") VALUES ('sign_in', $1, '203.0.113.7', 'bench', '{"method":"password"}')`,
          [userIds[i % userIds.length]],
        );
        await client.query("COMMIT");
      }
    }),
  );
  return total / ((performance.now() - started) / 1000);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const database = await createDatabase(serverUrl, `counters_${Date.now()}`);
  const clients: pg.Client[] = [];
  try {
    const users = await seedUsers(database.url, "counters", 1_000);
    for (let i = 0; i < CONCURRENCY; i++) {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      clients.push(client);
    }
    const setTrigger = (mode: Mode) =>
      clients[0].query(
        `ALTER TABLE "SecurityEvent" ${mode === "on" ? "ENABLE" : "DISABLE"} TRIGGER "SecurityEvent_count"`,
      );
    const ids = users.map((user) => user.id);
    const results: Record<`${Mode}-${1 | 8}`, number[]> = { "on-1": [], "off-1": [], "on-8": [], "off-8": [] };
    await signInsPerSecond(clients, ids, 500); // warm-up
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate which goes first, so a drift of the machine's load falls on both.
      for (const mode of (round % 2 ? ["off", "on"] : ["on", "off"]) as Mode[]) {
        await setTrigger(mode);
        results[`${mode}-1`].push(await signInsPerSecond(clients.slice(0, 1), ids, PER_ROUND));
        results[`${mode}-8`].push(await signInsPerSecond(clients, ids, PER_ROUND));
      }
    }
    await setTrigger("on");
    const { rows } = await clients[0].query<{ rows: string; total: string }>(
      `SELECT count(*) AS rows, sum("count") AS total FROM "EventDailyCount"`,
    );
    const { rows: events } = await clients[0].query<{ n: string }>(`SELECT count(*) AS n FROM "SecurityEvent"`);

    const line = (clientsLabel: string, key: 1 | 8) => {
      const on = median(results[`on-${key}`]);
      const off = median(results[`off-${key}`]);
      const extraMs = 1000 / on - 1000 / off;
      return `| ${clientsLabel} | ${off.toFixed(0)} | ${on.toFixed(0)} | ×${(on / off).toFixed(2)} | ${extraMs.toFixed(2)} ms |`;
    };
    const load = os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(", ");
    const section = [
      "<!-- event-counters-bench:start -->",
      "## What the overview's counters cost the writes they count",
      "",
      `Run ${new Date().toISOString().slice(0, 10)} on ${os.availableParallelism()} CPUs / ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL on 127.0.0.1 with its default settings, a fresh migrated database. A sign-in's transaction (BEGIN, one sign_in event INSERT, COMMIT, each commit flushed to the WAL) with the SecurityEvent counting trigger disabled and enabled, taking turns for ${ROUNDS} rounds of ${PER_ROUND.toLocaleString("en-US")} transactions each; the figures are the median round. Load average at the end: ${load}. Command: \`npx tsx bench/event-counters.ts\`.`,
      "",
      "| clients | trigger off, transactions/s | trigger on | on / off | added per transaction |",
      "| --- | --- | --- | --- | --- |",
      line("1", 1),
      line(`${CONCURRENCY}, all the same day and type`, 8),
      "",
      "A sign-in spends some 13 ms of the machine in all (about 154 logins/s on 2 cores, the accounts section above), most of it the password hash: what the counter adds to its event is about 1 % of that.",
      "",
      `Afterwards the ${Number(rows[0].rows)} counter rows summed to ${Number(rows[0].total).toLocaleString("en-US")} of the ${Number(events[0].n).toLocaleString("en-US")} events written: those of the rounds with the trigger off are not counted, as expected.`,
      "<!-- event-counters-bench:end -->",
    ].join("\n");
    console.log(section);
    if (!process.argv.includes("--no-write")) {
      writeMarkdownSection(
        "docs/BENCHMARKS.md",
        "<!-- event-counters-bench:start -->",
        "<!-- event-counters-bench:end -->",
        section,
      );
    }
  } finally {
    await Promise.all(clients.map((client) => client.end().catch(() => {})));
    await database.drop();
  }
}

await main();
