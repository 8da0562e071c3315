/**
 * Webhook delivery, end to end in one process over PostgreSQL: the app's own enqueue (a security
 * event's transaction), its sender loop and a local receiver that verifies every signature with
 * standardwebhooks.
 * - Throughput: N deliveries queued while the sender is stopped, then the loop started: deliveries
 *   per second until the last is in.
 * - Change to delivery: staff edits, one after another with the loop running (as at start-up), each
 *   timed from the call until the receiver has verified its webhook.
 *
 *   npx tsx bench/webhooks.ts [--deliveries 3000] [--changes 200] [--no-write]
 *
 * BENCH_DATABASE_URL names the PostgreSQL server (default postgresql://postgres@127.0.0.1:5432/postgres).
 * Writes its section of docs/BENCHMARKS.md; drops its database whatever happens.
 */
import { randomBytes } from "node:crypto";
import os from "node:os";
import { startWebhookReceiver } from "../tests/helpers/webhook-receiver";
import { createDatabase, seedUsers } from "./fixtures";
import { writeMarkdownSection } from "./markdown-section";

const args = process.argv.slice(2);
const value = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const DELIVERIES = Number(value("--deliveries") ?? 3_000);
const CHANGES = Number(value("--changes") ?? 200);
const TARGET_PER_SECOND = 200;
const TARGET_P95_MS = 2_000;
const serverUrl = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};

async function main(): Promise<void> {
  const tag = randomBytes(4).toString("hex");
  const database = await createDatabase(serverUrl, tag);
  const receiver = await startWebhookReceiver();
  try {
    const users = await seedUsers(database.url, tag, Math.max(DELIVERIES, CHANGES));
    // The app reads its configuration on first use: set it before anything opens the database.
    Object.assign(process.env, {
      DATABASE_URL: database.url,
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      WEBHOOK_ALLOW_PRIVATE_URLS: "true",
      LOG_LEVEL: "silent",
    });
    const { resetConfigForTests } = await import("@/lib/config");
    resetConfigForTests();
    const { getDb, closeDb } = await import("@/lib/db");
    const { recordEvents } = await import("@/lib/events/record");
    const { updateUser } = await import("@/lib/admin/update-user");
    const { createWebhookEndpoint } = await import("@/lib/webhooks/endpoints");
    const { startWebhookSender, stopWebhookSender } = await import("@/lib/webhooks/sender");
    const db = await getDb();
    const actor = { id: users[0].id };
    const { secret } = await createWebhookEndpoint(actor, { url: receiver.url, events: ["user.updated"] });
    receiver.secret = secret;

    // Throughput: everything queued first (in transactions of 100 events, as a bulk change would).
    for (let at = 0; at < DELIVERIES; at += 100) {
      const batch = users.slice(at, Math.min(at + 100, DELIVERIES));
      await db.$transaction((tx) =>
        recordEvents(
          tx,
          batch.map((user) => ({ type: "phone_changed", userId: user.id })),
        ),
      );
    }
    const started = performance.now();
    startWebhookSender();
    await receiver.waitFor((received) => received.length >= DELIVERIES, 600_000);
    const seconds = (performance.now() - started) / 1000;
    const perSecond = DELIVERIES / seconds;
    const doubled = DELIVERIES - new Set(receiver.received.map((r) => r.id)).size;

    // Change to delivery, with the loop as start-up leaves it running.
    receiver.received.length = 0;
    const latencies: number[] = [];
    for (let i = 0; i < CHANGES; i++) {
      const user = users[(i * 7) % users.length];
      const email = `bench_${i}_${tag}@example.com`;
      const changedAt = Date.now();
      await updateUser(actor, user.id, { email });
      const [got] = (await receiver.waitFor((r) => r.some((w) => w.payload.data.user.email === email), 30_000)).filter(
        (w) => w.payload.data.user.email === email,
      );
      latencies.push(got.at - changedAt);
    }
    await stopWebhookSender();
    await closeDb();

    const p50 = quantile(latencies, 0.5);
    const p95 = quantile(latencies, 0.95);
    const max = Math.max(...latencies);
    const load = os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(", ");
    const section = [
      START,
      "## Webhooks: delivery throughput and change to delivery",
      "",
      `Run ${new Date().toISOString().slice(0, 10)} on ${os.availableParallelism()} CPUs / ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL on 127.0.0.1 with its default settings, the receiver a node:http server in the same process verifying every signature with standardwebhooks (so its CPU is in the figures). Default sender options (batches of 50, a round every second plus a kick after each change). Load average at the end: ${load}. Command: \`npx tsx bench/webhooks.ts\`.`,
      "",
      "| measure | result | target |",
      "| --- | --- | --- |",
      `| throughput, ${DELIVERIES.toLocaleString("en-US")} queued deliveries | ${perSecond.toFixed(0)} deliveries/s (${seconds.toFixed(1)} s; ${doubled} delivered twice) | ≥ ${TARGET_PER_SECOND}/s |`,
      `| change to delivery, ${CHANGES} staff edits one after another | p50 ${p50} ms, p95 ${p95} ms, max ${max} ms | p95 ≤ ${TARGET_P95_MS} ms |`,
      END,
    ].join("\n");
    console.log(section);
    if (!args.includes("--no-write")) writeMarkdownSection("docs/BENCHMARKS.md", START, END, section);
  } finally {
    await receiver.close();
    await database.drop();
  }
}

const START = "<!-- webhooks-bench:start -->";
const END = "<!-- webhooks-bench:end -->";

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
