import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { RouteFirstLoad } from "./first-load-js";
import { okPerSecond, spread, type Measured, type Spread } from "./measure";
import type { Options } from "./options";
import type { Machine } from "./proc";
import { summarize, window } from "./profile-summary";
import type { LoginRun, MemoryReading } from "./scenarios";

/**
 * The figures, as Markdown: printed, and written between two markers in docs/BENCHMARKS.md so
 * that the hand-written analysis around them survives the next run.
 */

export type Results = {
  options: Options;
  started: Date;
  finished: Date;
  host: Machine;
  storeKind: string;
  loadAverage: [number[], number[]];
  firstLoad: RouteFirstLoad[];
  loginRuns: LoginRun[];
  soak: Measured | undefined;
  meRuns: Measured[];
  memory: MemoryReading[];
  logins: number;
};

const TARGETS = { efficiency: 0.9, meRps: 3_500, meP99Ms: 20, rssMB: 300, firstLoadKB: 130 };
const BEGIN = "<!-- bench:begin (written by npm run bench; edit outside these markers) -->";
const END = "<!-- bench:end -->";

const f = (n: number, digits = 0) => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const range = (s: Spread, digits = 0, unit = "") => `**${f(s.median, digits)}${unit}** (${f(s.min, digits)}–${f(s.max, digits)})`;
const met = (ok: boolean) => (ok ? "✅ met" : "❌ not met");
const table = (header: string[], rows: string[][]) =>
  [`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");

function cpuPerRequest(m: Measured, unit: "ms" | "µs"): string[] {
  const scale = unit === "ms" ? 1 : 1000;
  const per = (ms: number) => f((ms / Math.max(1, m.completed)) * scale, unit === "ms" ? 1 : 0);
  const { cpu } = m;
  return [`${per(cpu.serverMs)} (${per(cpu.serverMainMs)})`, per(cpu.postgresMs), per(cpu.benchMs), per(cpu.loadGenMs), `${f((cpu.othersMs / cpu.wallMs) * 100)} %`];
}

function statuses(m: Measured): string {
  const other = Object.entries(m.statusCounts).filter(([code]) => !code.startsWith("2"));
  const problems = [...other.map(([code, n]) => `${n}×${code}`), ...(m.errors ? [`${m.errors} errors`] : []), ...(m.timeouts ? [`${m.timeouts} timeouts`] : [])];
  return problems.length ? problems.join(", ") : "all 2xx";
}

/**
 * What the runs' CPU figures allow if our processes had the machine to themselves: the
 * requests per second at which either all cores or the server's one JavaScript thread is full.
 * An estimate for reading through the noise of a shared machine, not a measurement.
 */
function cpuBound(runs: Measured[], cores: number): { perSecond: number; limit: string } {
  const per = (pick: (m: Measured) => number) => spread(runs.map((m) => pick(m) / Math.max(1, m.completed))).median;
  const total = per((m) => m.cpu.serverMs + m.cpu.postgresMs + m.cpu.benchMs + m.cpu.loadGenMs + m.cpu.redisMs);
  const main = per((m) => m.cpu.serverMainMs);
  const byCores = (cores * 1000) / total;
  const byMain = 1000 / main;
  return byMain < byCores
    ? { perSecond: byMain, limit: `the server's JavaScript thread (${f(main * 1000)} µs each)` }
    : { perSecond: byCores, limit: `${cores} cores (${f(total * 1000)} µs of CPU each, all our processes)` };
}

export function report(r: Results): string {
  const eff = spread(r.loginRuns.map((run) => run.efficiency));
  const meRps = spread(r.meRuns.map(okPerSecond));
  const meP50 = spread(r.meRuns.map((run) => run.latencyMs.p50));
  const meP99 = spread(r.meRuns.map((run) => run.latencyMs.p99));
  const rss = r.memory.find((m) => m.label.startsWith("after") && m.label.endsWith("logins"));
  const rssMiB = rss ? rss.processes.reduce((a, p) => a + p.rssMiB, 0) : NaN;
  const rssMB = (rssMiB * 2 ** 20) / 1e6;
  const js = (route: string) => r.firstLoad.find((x) => x.route === route);
  const jsRow = (route: string): string[] => {
    const x = js(route);
    if (!x) return [`First-load JS ${route}`, "—", `≤ ${TARGETS.firstLoadKB} KB gzip`, "not measured"];
    return [`First-load JS ${route} (gzip)`, `**${f(x.gzipBytes / 1000, 1)} kB** (${f(x.gzipBytes / 1024, 1)} KiB; runtime ${f((x.gzipBytes - x.appGzipBytes) / 1000, 1)} kB + app ${f(x.appGzipBytes / 1000, 1)} kB)`, `≤ ${TARGETS.firstLoadKB} KB`, met(x.gzipBytes <= TARGETS.firstLoadKB * 1000)];
  };
  const o = r.options;
  const lines = [
    `Command: \`npm run bench${process.argv.slice(2).length ? ` -- ${process.argv.slice(2).join(" ")}` : ""}\``,
    `Date: ${r.started.toISOString()} → ${r.finished.toISOString()}`,
    `Machine: ${r.host.cores} cores, ${r.host.memoryGiB} GiB, CPU "${r.host.cpuModel}", Node ${r.host.node}, Linux ${r.host.kernel}; load average ${r.loadAverage[0].map((n) => n.toFixed(2)).join(" ")} at start, ${r.loadAverage[1].map((n) => n.toFixed(2)).join(" ")} at end (shared machine: see "others" below)`,
    `Setup: \`next start\` (production build in \`${o.distDir}\`, port ${o.port}), PostgreSQL at ${new URL(o.databaseServerUrl).host} (fresh database, ${f(o.users)} users), rate-limit store: ${r.storeKind}; TRUST_PROXY_HEADERS=true${Object.entries(o.serverEnv).map(([k, v]) => `, ${k}=${v}`).join("")}, every login from its own X-Forwarded-For address. Load generator: autocannon in a child process, on the same machine. ${o.runs} runs of each; figures are **median** (min–max).`,
    "",
    table(["target", "measured", "target", ""], [
      ["Login efficiency (logins/s ÷ hash ceiling), c=8", range(eff, 3), `≥ ${TARGETS.efficiency}`, met(eff.median >= TARGETS.efficiency)],
      ["GET /api/auth/me throughput, c=32", range(meRps, 0, " req/s"), `≥ ${f(TARGETS.meRps)} req/s`, met(meRps.median >= TARGETS.meRps)],
      ["GET /api/auth/me p99 latency", range(meP99, 1, " ms"), `≤ ${TARGETS.meP99Ms} ms`, met(meP99.median <= TARGETS.meP99Ms)],
      [`Server RSS after ${f(rss?.logins ?? 0)} logins`, `**${f(rssMiB)} MiB** (${f(rssMB)} MB)`, `≤ ${TARGETS.rssMB} MB`, met(rssMB <= TARGETS.rssMB)],
      jsRow("/sign-in"),
      jsRow("/sign-up"),
    ]),
    "",
    `/me p50 latency: ${range(meP50, 1, " ms")}. Units: kB = 1000 bytes, MiB = 2^20 bytes; a target in KB/MB is read as the stricter 1000-based unit.`,
    "",
    "#### Logins (POST /api/auth/login, concurrency 8)",
    "",
    "Before each run the bench measures, in its own process, with the parameters of lib/accounts/password-hash.ts (Argon2id, m=19 MiB, t=2, p=1): " +
      `the median of ${o.hashSamples} sequential \`verifyPassword\` calls (the ceiling is ${r.host.cores} cores ÷ that time), and how many verifies per second ${r.host.cores} in parallel reach for 3 s (memory-hard hashes slow each other down). ` +
      "CPU columns are milliseconds per login: the server (in brackets, its main JavaScript thread; the rest is libuv's pool running Argon2 and V8's helper threads), PostgreSQL's backends, this process (the Upstash bridge), the load generator; \"others\" is the machine's busy time that none of ours accounts for (other people's work), as a share of the run's wall time (100 % = one core).",
    "",
    table(["run", "logins/s", "verify ms", "ceiling /s", "efficiency", `${r.host.cores} verifies in parallel /s`, "p50 / p99 ms", "statuses", "server CPU (main)", "postgres", "bridge", "load gen", "others"],
      r.loginRuns.map((run, i) => [String(i + 1), f(okPerSecond(run), 1), f(run.hash.medianMs, 1), f(run.ceiling, 1), `**${f(run.efficiency, 3)}**`,
        `${f(run.parallelHash.perSecond, 1)} (${f(run.parallelHash.cpuMsPerVerify, 1)} ms CPU each)`,
        `${f(run.latencyMs.p50, 0)} / ${f(run.latencyMs.p99, 0)}`, statuses(run), ...cpuPerRequest(run, "ms")])),
    "",
    (() => {
      const est = cpuBound(r.loginRuns, r.host.cores);
      const ceiling = spread(r.loginRuns.map((run) => run.ceiling)).median;
      return `If our processes had the machine to themselves (CPU-bound estimate from the medians above): ${f(est.perSecond, 1)} logins/s, limited by ${est.limit}; efficiency ≈ ${f(est.perSecond / ceiling, 2)}.`;
    })(),
    "",
    r.soak ? `Further logins to reach ${f(o.loginsBeforeRss)}: ${f(r.soak.ok)} in ${f(r.soak.seconds, 1)} s (${f(okPerSecond(r.soak), 1)}/s, ${statuses(r.soak)}).` : "",
    "",
    "#### GET /api/auth/me (concurrency 32, 64 users' tokens in turn)",
    "",
    "CPU columns are microseconds per request, as for logins.",
    "",
    table(["run", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "statuses", "server CPU (main)", "postgres", "bridge", "load gen", "others"],
      r.meRuns.map((run, i) => [String(i + 1), f(okPerSecond(run)), f(run.latencyMs.p50, 1), f(run.latencyMs.p90, 1), f(run.latencyMs.p99, 1), f(run.latencyMs.max, 1), statuses(run), ...cpuPerRequest(run, "µs")])),
    "",
    (() => {
      const est = cpuBound(r.meRuns, r.host.cores);
      return `If our processes had the machine to themselves (CPU-bound estimate): ${f(est.perSecond)} req/s, limited by ${est.limit}.`;
    })(),
    "",
    "#### Server memory",
    "",
    `VmRSS (and VmHWM, the peak) from /proc/<pid>/status, summed over the \`next start\` process and its descendants (here: ${r.memory[0]?.processes.map((p) => `\`${p.comm}\``).join(", ")}).`,
    "",
    table(["when", "successful logins so far", "RSS MiB", "peak RSS MiB"], r.memory.map((m) => [m.label, f(m.logins),
      f(m.processes.reduce((a, p) => a + p.rssMiB, 0)), f(m.processes.reduce((a, p) => a + p.peakRssMiB, 0))])),
    "",
    "#### First-load JS (from the build; `bench/first-load-js.ts`)",
    "",
    table(["route", "chunks", "JS gzip", "shared runtime", "route's own chunks"], r.firstLoad.map((x) => [x.route, String(x.files.length),
      `${f(x.gzipBytes / 1000, 1)} kB`, `${f((x.gzipBytes - x.appGzipBytes) / 1000, 1)} kB`, `${f(x.appGzipBytes / 1000, 1)} kB`])),
  ];
  return lines.join("\n");
}

export function writeReport(file: string, r: Results): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const current = existsSync(file) ? readFileSync(file, "utf8") : `# Benchmarks\n\n${BEGIN}\n${END}\n`;
  const start = current.indexOf(BEGIN);
  const end = current.indexOf(END);
  const block = `${BEGIN}\n### Latest figures\n\n${report(r)}\n${END}`;
  const next = start >= 0 && end > start ? current.slice(0, start) + block + current.slice(end + END.length) : `${current.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, next);
  console.log(`\nwritten to ${file}`);
}

export function profileReport(file: string): string {
  const profile = JSON.parse(readFileSync(file, "utf8")) as Parameters<typeof window>[0];
  return `\n### CPU profile of the server (${file})\n\n${summarize(profile, 30)}`;
}
