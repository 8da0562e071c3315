/**
 * The staff-console benchmarks, standalone (bench/run.ts may call `run()`):
 *   1. seed 1,000,000 users into accounts_bench_admin (reused when already seeded; --fresh)
 *   2. search p95 through the API at concurrency 4, with EXPLAIN of the SQL
 *   3. CSV export of every user: rows/s and server RSS
 *   4. /admin/users first-load JS (gzip)
 * Writes its own section of docs/BENCHMARKS.md (between admin-bench markers).
 *
 *   npx tsx bench/admin.ts [--fresh] [--no-write] [--only search|export]
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { pathToFileURL } from "node:url";
import { firstLoadJs } from "./first-load-js";
import { seedAdminBench, type SeedResult } from "./admin-seed";
import { formatExport, runExport, type ExportResult } from "./admin-export";
import { formatSearch, runSearch, type SearchResult } from "./admin-search";
import { buildForBench, DIST_DIR, staffToken, startBenchServer } from "./admin-server";

// Sizes in the issue are in MB/KB: read as the stricter 1000-based units (300 MB = 286 MiB).
export const TARGETS = { seedSeconds: 120, searchP95Ms: 30, exportRowsPerSecond: 150_000, exportRssBytes: 300e6, firstLoadBytes: 160e3 };

export type AdminBenchResult = { seed: SeedResult; search?: SearchResult; export?: ExportResult; firstLoadGzipKiB: number; load: string };

export async function run(options: { fresh?: boolean; write?: boolean; only?: Array<"search" | "export"> } = {}): Promise<AdminBenchResult> {
  mkdirSync(".test-output", { recursive: true });
  const seed = await seedAdminBench({ fresh: options.fresh });
  buildForBench();
  const firstLoadGzipKiB = firstLoadJs("/admin/users", DIST_DIR).gzipBytes / 1024;
  const server = await startBenchServer();
  const loadAtStart = os.loadavg()[0];
  const result: AdminBenchResult = { seed, firstLoadGzipKiB, load: "" };
  try {
    const token = await staffToken(server.url);
    if (!options.only || options.only.includes("search")) {
      result.search = await runSearch(server, token);
      console.log(formatSearch(result.search));
    }
    if (!options.only || options.only.includes("export")) {
      result.export = await runExport(server, token);
      console.log(formatExport(result.export));
    }
  } finally {
    await server.stop();
  }
  // This machine is shared: the 1-minute load average says how much else was running.
  result.load = `${loadAtStart.toFixed(1)} at the start, ${os.loadavg()[0].toFixed(1)} at the end`;
  console.log(`load average (1 min): ${result.load}`);
  console.log(`first-load JS of /admin/users: ${firstLoadGzipKiB.toFixed(1)} KiB gzip`);
  if (options.write !== false && !options.only) writeSection(result);
  return result;
}

const START = "<!-- admin-bench:start -->";
const END = "<!-- admin-bench:end -->";

function writeSection(r: AdminBenchResult): void {
  const ok = (pass: boolean) => (pass ? "✅" : "❌");
  const s = r.search!;
  const e = r.export!;
  const lines = [
    START,
    "## Staff console at 1,000,000 users",
    "",
    `Run ${new Date().toISOString().slice(0, 10)} on ${os.availableParallelism()} CPUs / ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL 15 on 127.0.0.1 with its default settings (shared_buffers 128 MB: the 300 MB table does not fit), database accounts_bench_admin, \`next start\` from ${DIST_DIR}. Load average during the run (shared machine): ${r.load}. Command: \`npx tsx bench/admin.ts\` (\`--fresh\` re-seeds).`,
    "",
    "| what | figure | target |",
    "| --- | --- | --- |",
    r.seed.reused
      ? "| seed 1,000,000 users | reused from an earlier run | < 120 s |"
      : `| seed 1,000,000 users (insert ${r.seed.insertSeconds.toFixed(1)} s + indexes/vacuum ${r.seed.indexSeconds.toFixed(1)} s) | ${r.seed.seconds.toFixed(1)} s | ${ok(r.seed.seconds < TARGETS.seedSeconds)} < 120 s |`,
    `| search, ${s.queries} random 3–5 char queries, concurrency ${s.concurrency} (p50 / p99 / max ${s.p50.toFixed(1)} / ${s.p99.toFixed(1)} / ${s.max.toFixed(1)} ms; one at a time: p50 ${s.serial.p50.toFixed(1)}, p95 ${s.serial.p95.toFixed(1)} ms; ${s.hits} found users; ${s.estimated} estimated and ${s.capped} capped totals) | p95 ${s.p95.toFixed(1)} ms | ${ok(s.p95 <= TARGETS.searchP95Ms)} ≤ 30 ms |`,
    `| CSV export of every user (${e.rows.toLocaleString("en-US")} rows, ${(e.bytes / 2 ** 20).toFixed(0)} MiB, ${e.seconds.toFixed(2)} s) | ${Math.round(e.rowsPerSecond).toLocaleString("en-US")} rows/s | ${ok(e.rowsPerSecond >= TARGETS.exportRowsPerSecond)} ≥ 150,000 rows/s |`,
    `| server RSS during the export (before: ${e.rssBeforeMiB} MiB) | peak ${e.rssPeakMiB} MiB (${Math.round((e.rssPeakMiB * 2 ** 20) / 1e6)} MB) | ${ok(e.rssPeakMiB * 2 ** 20 <= TARGETS.exportRssBytes)} ≤ 300 MB |`,
    `| /admin/users first-load JS | ${r.firstLoadGzipKiB.toFixed(1)} KiB gzip (${((r.firstLoadGzipKiB * 1024) / 1000).toFixed(1)} kB) | ${ok(r.firstLoadGzipKiB * 1024 <= TARGETS.firstLoadBytes)} ≤ 160 KB |`,
    "",
    "How it works, and how to read these figures:",
    "",
    "- **Totals** are exact when the page is not full; on a large table also when the sample estimates fewer than 400 matches (that count stops at 1,000: \"1,000+\"; on a small table counts are exact up to 10,000). Otherwise they are estimates (`totalIsEstimate`, \"about 22,000\"): from an 80-page sample (`TABLESAMPLE SYSTEM … REPEATABLE`: the same pages each time, so they stay in PostgreSQL's cache and a total does not change between page views) for a text search, from PostgreSQL's column statistics for the other filters. Counting every match of a broad search would read them all on every page view.",
    "- **Text**: one generated column, `searchText` = lower(username) ␁ lower(email) ␁ phoneNumber, with one trigram GIN index; `LIKE` on it costs a fraction of `ILIKE` over three columns per row read. The search's SQL goes to node-postgres directly (`db.$rawSql`), not through Prisma's query interpreter (~0.3 ms of CPU per query).",
    "- **Plans**: PostgreSQL cannot estimate `LIKE '%text%'`, so the same sample picks the plan: walk the sort order (common text) or gather matches through the trigram index and sort them (rare text; its page and count then come from one pass over the matches), weighing the rows a walk would read against the rows the index would return, forced on a connection opened with those planner settings, never with parallel workers. For punctuated text (\"l_tho\") the index is asked only for the part around its longest word (\"_tho\"), and the sample counts the rows that part matches, which is what a gather reads.",
    "- **Export**: keyset batches of 5,000 rows whose CSV lines PostgreSQL writes (escaping and formula neutralising included, checked against the TypeScript rule by a property test), two batches in flight. The RSS before the export is the idle `next start` server; the export adds a bounded amount (V8 garbage between collections), it does not grow with the number of rows.",
    "- **This machine** has 2 CPUs shared with other sessions' builds, end-to-end runs and benchmarks (see the load average above): latency and throughput here are pessimistic. \"One at a time\" gives the search latency without our own queueing.",
    "",
    "EXPLAIN ANALYZE of the page and count SQL of lib/admin/search.ts, as PostgreSQL plans them unforced (searchUsers forces the plan its sample picks, lib/admin/search-plan.ts):",
    "",
    ...s.explain.flatMap((x) => [`q = \`${x.q}\``, "", "```", x.page, "", x.count, "```", ""]),
    END,
  ];
  const file = "docs/BENCHMARKS.md";
  const current = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n";
  const section = lines.join("\n");
  const at = current.indexOf(START);
  const next = at >= 0 ? current.slice(0, at) + section + current.slice(current.indexOf(END) + END.length) : `${current.trimEnd()}\n\n${section}\n`;
  mkdirSync("docs", { recursive: true });
  writeFileSync(file, next);
  console.log(`wrote the staff-console section of ${file}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const only = args.includes("--only") ? [args[args.indexOf("--only") + 1] as "search" | "export"] : undefined;
  await run({ fresh: args.includes("--fresh"), write: !args.includes("--no-write"), only });
}
