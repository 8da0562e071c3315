/**
 * The staff-console benchmarks, standalone (bench/run.ts may call `run()`):
 *   1. seed 1,000,000 users into accounts_bench_admin (reused when already seeded; --fresh)
 *   2. search latency per class of text through the API at concurrency 4 and one at a time
 *   3. CSV export of every user: rows/s and server RSS
 *   4. /admin/users first-load JS (gzip)
 * With --compare DIR, the build in DIR (another checkout, already built; its dist dir from
 * ADMIN_BENCH_COMPARE_DIST_DIR, default .next) runs the same queries and export on a database
 * seeded by DIR's own seed script (accounts_bench_admin_before), the two servers taking turns.
 * Writes its own section of docs/BENCHMARKS.md (between admin-bench markers).
 *
 *   npx tsx bench/admin.ts [--fresh] [--no-write] [--only search|export] [--compare DIR] [--rounds N]
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { writeMarkdownSection } from "./markdown-section";
import { firstLoadJs } from "./first-load-js";
import { benchDatabaseUrl, seedAdminBench, type SeedResult } from "./admin-seed";
import { formatExport, runExport, type ExportResult } from "./admin-export";
import { explain, formatSearch, makeQueries, QUERY_CLASSES, runSearch, type SearchResult } from "./admin-search";
import { buildForBench, DIST_DIR, staffToken, startBenchServer, type BenchServer } from "./admin-server";
import { describeBuild } from "./server";

// Sizes in the issue are in MB/KB: read as the stricter 1000-based units (300 MB = 286 MiB).
export const TARGETS = {
  seedSeconds: 120,
  searchP95Ms: 30,
  exportRowsPerSecond: 150_000,
  exportRssBytes: 300e6,
  firstLoadBytes: 160e3,
};

type Side = { label: string; searches: SearchResult[]; exports: ExportResult[] };
export type AdminBenchResult = {
  seed: SeedResult;
  sides: Side[];
  explain: Awaited<ReturnType<typeof explain>>;
  firstLoadGzipKiB: number;
  load: string;
  compared?: string;
};

const BEFORE_DATABASE = "accounts_bench_admin_before";
const PER_CLASS = 34;

export async function run(
  options: {
    fresh?: boolean;
    write?: boolean;
    only?: Array<"search" | "export">;
    compare?: string;
    rounds?: number;
  } = {},
): Promise<AdminBenchResult> {
  mkdirSync(".test-output", { recursive: true });
  const seed = await seedAdminBench({ fresh: options.fresh });
  buildForBench();
  const firstLoadGzipKiB = firstLoadJs("/admin/users", DIST_DIR).gzipBytes / 1024;
  const port = Number(process.env.ADMIN_BENCH_PORT ?? 3292);
  const builds = [{ build: describeBuild("this", ".", DIST_DIR), databaseUrl: benchDatabaseUrl() }];
  if (options.compare) {
    const checkout = path.resolve(options.compare);
    const distDir = process.env.ADMIN_BENCH_COMPARE_DIST_DIR || ".next";
    if (!existsSync(path.join(checkout, distDir, "BUILD_ID")))
      throw new Error(`--compare: no build in ${path.join(checkout, distDir)}`);
    const url = new URL(benchDatabaseUrl());
    url.pathname = `/${BEFORE_DATABASE}`;
    // Its own seed script and migrations: the compared build expects its own schema.
    execFileSync(process.execPath, ["node_modules/.bin/tsx", "bench/admin-seed.ts"], {
      cwd: checkout,
      stdio: "inherit",
      env: { ...process.env, ADMIN_BENCH_DATABASE_URL: url.toString() },
    });
    builds.push({ build: describeBuild("before", checkout, distDir), databaseUrl: url.toString() });
  }
  const servers: BenchServer[] = [];
  const loadAtStart = os.loadavg()[0];
  const sides: Side[] = builds.map(({ build }) => ({ label: build.label, searches: [], exports: [] }));
  const [queries, warmup] = [
    await makeQueries(benchDatabaseUrl(), PER_CLASS),
    await makeQueries(benchDatabaseUrl(), 4, 7),
  ];
  try {
    for (const [i, { build, databaseUrl }] of builds.entries())
      servers.push(await startBenchServer(build, databaseUrl, port + i));
    const tokens = await Promise.all(servers.map((server) => staffToken(server.url)));
    for (let round = 0; round < (options.rounds ?? 2); round++) {
      for (const [i, server] of servers.entries()) {
        if (!options.only || options.only.includes("search")) {
          const result = await runSearch(server, tokens[i], queries, warmup);
          sides[i].searches.push(result);
          console.log(formatSearch(result));
        }
        if (!options.only || options.only.includes("export")) {
          const result = await runExport(server, tokens[i]);
          sides[i].exports.push(result);
          console.log(`${server.label}: ${formatExport(result)}`);
        }
      }
    }
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
  // This machine is shared: the 1-minute load average says how much else was running.
  const load = `${loadAtStart.toFixed(1)} at the start, ${os.loadavg()[0].toFixed(1)} at the end`;
  console.log(`load average (1 min): ${load}`);
  console.log(`first-load JS of /admin/users: ${firstLoadGzipKiB.toFixed(1)} KiB gzip`);
  const picked = queries.filter((q, i) => queries.findIndex((other) => other.kind === q.kind) === i).map((q) => q.q);
  const result: AdminBenchResult = {
    seed,
    sides,
    explain: await explain(benchDatabaseUrl(), picked),
    firstLoadGzipKiB,
    load,
    compared: builds[1]?.build.commit,
  };
  if (options.write !== false && !options.only) writeSection(result, builds[0].build.commit);
  return result;
}

const START = "<!-- admin-bench:start -->";
const END = "<!-- admin-bench:end -->";

/** The round with the median p95 of all queries: one round's figures, not a mix of rounds. */
function medianRound<T>(items: T[], key: (item: T) => number): T {
  return [...items].sort((a, b) => key(a) - key(b))[Math.floor((items.length - 1) / 2)];
}

function writeSection(r: AdminBenchResult, commit: string): void {
  const ok = (pass: boolean) => (pass ? "✅" : "❌");
  const ms = (n: number) => n.toFixed(1);
  const [self, before] = r.sides;
  const searchOf = (side: Side) => medianRound(side.searches, (s) => s.all.p95);
  const exportOf = (side: Side) => medianRound(side.exports, (e) => -e.rowsPerSecond);
  const s = searchOf(self);
  const e = exportOf(self);
  const b = before && searchOf(before);
  const be = before && exportOf(before);
  const lines = [
    START,
    "## Staff console at 1,000,000 users",
    "",
    `Run ${new Date().toISOString().slice(0, 10)} on ${os.availableParallelism()} CPUs / ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL 15 on 127.0.0.1 with its default settings (shared_buffers 128 MB: the 300 MB table does not fit), database accounts_bench_admin, the production server from ${DIST_DIR} (commit ${commit}). ${before ? `Compared in the same run with ${r.compared} (the commit before the search was reworked) on a database its own seed script filled (${BEFORE_DATABASE}), the two servers taking turns for ${self.searches.length} rounds; the figures are each server's median round. ` : ""}Load average during the run (shared machine): ${r.load}. Command: \`npx tsx bench/admin.ts${before ? " --compare DIR" : ""}\` (\`--fresh\` re-seeds).`,
    "",
    `Search: ${s.queries} random 3–5 character queries, ${PER_CLASS} of each class, the same ones on both servers; latency in ms, p50 / p95 at concurrency ${s.concurrency} (target: p95 ≤ 30 ms for every class), and one at a time.`,
    "",
    `| class | this: c=4 p50 / p95 | this: one at a time p50 / p95 |${before ? " before: c=4 p50 / p95 | before: one at a time p50 / p95 |" : ""} hits | target |`,
    `| --- | --- | --- |${before ? " --- | --- |" : ""} --- | --- |`,
    ...QUERY_CLASSES.map((kind) => {
      const c = s.classes[kind];
      const o = b?.classes[kind];
      return `| ${kind} | ${ms(c.parallel.p50)} / **${ms(c.parallel.p95)}** | ${ms(c.serial.p50)} / ${ms(c.serial.p95)} |${o ? ` ${ms(o.parallel.p50)} / ${ms(o.parallel.p95)} | ${ms(o.serial.p50)} / ${ms(o.serial.p95)} |` : ""} ${c.hits} of ${c.queries} | ${ok(c.parallel.p95 <= TARGETS.searchP95Ms)} |`;
    }),
    `| all | ${ms(s.all.p50)} / **${ms(s.all.p95)}** (max ${ms(s.all.max)}) | ${ms(s.serial.p50)} / ${ms(s.serial.p95)} |${b ? ` ${ms(b.all.p50)} / ${ms(b.all.p95)} (max ${ms(b.all.max)}) | ${ms(b.serial.p50)} / ${ms(b.serial.p95)} |` : ""} ${s.hits} of ${s.queries} | ${ok(s.all.p95 <= TARGETS.searchP95Ms)} |`,
    "",
    "| what | figure | target |",
    "| --- | --- | --- |",
    r.seed.reused
      ? "| seed 1,000,000 users | reused from an earlier run | < 120 s |"
      : `| seed 1,000,000 users (insert ${r.seed.insertSeconds.toFixed(1)} s + indexes/vacuum ${r.seed.indexSeconds.toFixed(1)} s) | ${r.seed.seconds.toFixed(1)} s | ${ok(r.seed.seconds < TARGETS.seedSeconds)} < 120 s |`,
    `| CSV export of every user (${e.rows.toLocaleString("en-US")} rows, ${(e.bytes / 2 ** 20).toFixed(0)} MiB, ${e.seconds.toFixed(2)} s)${be ? `; before: ${Math.round(be.rowsPerSecond).toLocaleString("en-US")} rows/s` : ""} | ${Math.round(e.rowsPerSecond).toLocaleString("en-US")} rows/s | ${ok(e.rowsPerSecond >= TARGETS.exportRowsPerSecond)} ≥ 150,000 rows/s |`,
    `| server RSS during the export (before: ${e.rssBeforeMiB} MiB) | peak ${e.rssPeakMiB} MiB (${Math.round((e.rssPeakMiB * 2 ** 20) / 1e6)} MB) | ${ok(e.rssPeakMiB * 2 ** 20 <= TARGETS.exportRssBytes)} ≤ 300 MB |`,
    `| /admin/users first-load JS | ${r.firstLoadGzipKiB.toFixed(1)} KiB gzip (${((r.firstLoadGzipKiB * 1024) / 1000).toFixed(1)} kB) | ${ok(r.firstLoadGzipKiB * 1024 <= TARGETS.firstLoadBytes)} ≤ 160 KB |`,
    "",
    "How it works, and how to read these figures:",
    "",
    "- **Text**: one generated column, `searchText` = lower(username) ␁ lower(email) ␁ phoneNumber with `_ . - @ +` spelt as the capitals `Q X Z J K`, and one trigram GIN index. pg_trgm splits words at anything but letters and digits, so before, punctuated text (`e.sm`, `y_jo`, `n@inb`) gave the index only one- and two-letter words, whose trigrams are in most rows; spelt as letters, every three characters of a search are one selective trigram. The column is otherwise lowercase, so `LIKE` on it stays exact.",
    "- **Plans**: PostgreSQL cannot estimate `LIKE '%text%'`, so an 80-page sample (`TABLESAMPLE SYSTEM … REPEATABLE`: the same pages each time, so they stay in PostgreSQL's cache and a total does not change between page views) says whether the text is common (one row in 600 or more, 200 in username order, where each walked row is a heap page of its own too: walk the sort order's index, which fills the page in a few thousand rows at most) or rare (gather its matches by the trigram index, count them and sort them, in one pass). Measured here, a walked row costs ~0.7 µs and a gathered match 4–7 µs (a heap page of its own, mostly outside PostgreSQL's 128 MB cache), so the two plans cost the same, about 10 ms, near one match in 600 rows at 1M users. A walk reads at most twice the rows the threshold allows, so a sample that overrates a text costs a bounded walk, then the gather. No parallel workers.",
    '- **Totals** are exact when the page is not full or the text is rare (up to 10,000, then "10,000+"); a common text\'s total is the sample\'s estimate (`totalIsEstimate`, "about 22,000"); other filters alone, PostgreSQL\'s column statistics. On a small table (up to 1,000 pages) every count is exact up to 10,000.',
    "- **Export**: keyset batches of 5,000 rows whose CSV lines PostgreSQL writes, two batches in flight. The RSS before the export is the idle server; the export adds a bounded amount, it does not grow with the number of rows.",
    '- **This machine** has 2 CPUs: at concurrency 4 each query waits for another\'s CPU; "one at a time" is the latency without that queueing.',
    "",
    "EXPLAIN ANALYZE of one query of each class, the page and the count as PostgreSQL plans them unforced (searchUsers forces the plan its sample picks):",
    "",
    ...r.explain.flatMap((x) => [`q = \`${x.q}\``, "", "```", x.page, "", x.count, "```", ""]),
    END,
  ];
  const file = "docs/BENCHMARKS.md";
  writeMarkdownSection(file, START, END, lines.join("\n"));
  console.log(`wrote the staff-console section of ${file}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const value = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const only = value("--only") ? [value("--only") as "search" | "export"] : undefined;
  const rounds = value("--rounds") ? Number(value("--rounds")) : undefined;
  await run({
    fresh: args.includes("--fresh"),
    write: !args.includes("--no-write"),
    only,
    compare: value("--compare"),
    rounds,
  });
}
