import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { RouteFirstLoad } from "./first-load-js";
import { okPerSecond, perRequest, spread, type Measured, type Spread } from "./measure";
import type { Options } from "./options";
import type { Machine } from "./proc";
import { keepSamples, summarize, type Profile } from "./profile-summary";
import type { LoginRun, MemoryReading } from "./scenarios";
import type { Build } from "./server";

/**
 * The figures, as Markdown: printed, and written between two markers in docs/BENCHMARKS.md so
 * that the hand-written analysis around them survives the next run. With two builds, each
 * comparison is over the rounds' pairs (both measured in the same round), median (min–max).
 */

export type Round = { me: Measured; logins: LoginRun; serialLogins: LoginRun };
export type BuildResults = {
  build: Build;
  command: string;
  firstLoad: RouteFirstLoad[];
  rounds: Round[];
  memory: MemoryReading[];
};
export type Results = {
  command: string;
  options: Options;
  started: Date;
  finished: Date;
  host: Machine;
  storeKind: string;
  loadAverage: [number[], number[]];
  /** In the table's order: the compared build ("before"), if any, then this checkout's ("now"). */
  builds: BuildResults[];
};

const BEGIN = "<!-- bench:begin (written by npm run bench; edit outside these markers) -->";
const END = "<!-- bench:end -->";

const f = (n: number, digits = 0) =>
  n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const range = (s: Spread, digits: number) => `**${f(s.median, digits)}** (${f(s.min, digits)}–${f(s.max, digits)})`;
const met = (ok: boolean | undefined) => (ok === undefined ? "⚠️ too noisy to tell" : ok ? "✅ met" : "❌ not met");
const table = (header: string[], rows: string[][]) =>
  [
    `| ${header.join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ].join("\n");

/** What a login costs outside the password hash: at c=1, its median latency minus one verify's. */
export const outsideHashMs = (run: LoginRun) => run.latencyMs.p50 - run.verify.medianMs;
/** Server CPU per login minus one verify's CPU (two at a time at c=8, where they run side by side). */
const outsideHashCpuMs = (run: LoginRun) =>
  perRequest(run, run.cpu.serverMs) - (run.connections > 1 ? run.parallel.cpuMsPerVerify : run.verify.cpuMsPerVerify);

type Metric = {
  name: string;
  digits: number;
  of: (round: Round) => number;
  /** How "now" compares with "before": a ratio for rates, a difference for times. */
  versus: "ratio" | "difference";
  targets?: Target[];
};

/**
 * `met` answers undefined when the rounds themselves show the noise to be larger than the figure;
 * a target against "before" is left out when there is no compared build.
 */
type Target = { text: string; against?: "before"; met: (now: Spread, versus: Spread) => boolean | undefined };

const METRICS: Metric[] = [
  {
    name: "GET /api/auth/me, c=32: req/s",
    digits: 0,
    of: (r) => okPerSecond(r.me),
    versus: "ratio",
    targets: [
      { text: "≥ 0.9 × before", against: "before", met: (_, vs) => vs.median >= 0.9 },
      { text: "≥ 3,500", met: (now) => now.median >= 3_500 },
    ],
  },
  { name: "/me p50 ms", digits: 1, of: (r) => r.me.latencyMs.p50, versus: "difference" },
  {
    name: "/me p99 ms",
    digits: 1,
    of: (r) => r.me.latencyMs.p99,
    versus: "difference",
    targets: [{ text: "≤ 20", met: (now) => now.median <= 20 }],
  },
  {
    name: "/me server CPU µs per request",
    digits: 0,
    of: (r) => perRequest(r.me, r.me.cpu.serverMs) * 1000,
    versus: "difference",
  },
  {
    name: "/me server JS thread µs per request",
    digits: 0,
    of: (r) => perRequest(r.me, r.me.cpu.serverMainMs) * 1000,
    versus: "difference",
  },
  {
    name: "POST /api/auth/login, c=8: logins/s",
    digits: 1,
    of: (r) => okPerSecond(r.logins),
    versus: "ratio",
    targets: [{ text: "≥ before", against: "before", met: (_, vs) => vs.median >= 1 }],
  },
  {
    name: "logins/s ÷ 2 verifies in parallel /s",
    digits: 3,
    of: (r) => okPerSecond(r.logins) / r.logins.parallel.perSecond,
    versus: "difference",
  },
  {
    name: "server CPU ms per login outside the hash, c=8",
    digits: 2,
    of: (r) => outsideHashCpuMs(r.logins),
    versus: "difference",
  },
  { name: "login p50 ms, c=1", digits: 2, of: (r) => r.serialLogins.latencyMs.p50, versus: "difference" },
  {
    name: "**cost outside the hash** (p50 c=1 − one verify) ms",
    digits: 2,
    of: (r) => outsideHashMs(r.serialLogins),
    versus: "difference",
    // A login cannot cost less than its verify: a round below 0 is the machine's noise showing.
    targets: [{ text: "≤ 1.5", met: (now) => (now.min < 0 ? undefined : now.median <= 1.5) }],
  },
  {
    name: "server CPU ms per login outside the hash, c=1",
    digits: 2,
    of: (r) => outsideHashCpuMs(r.serialLogins),
    versus: "difference",
  },
  {
    name: "server JS thread ms per login, c=1",
    digits: 2,
    of: (r) => perRequest(r.serialLogins, r.serialLogins.cpu.serverMainMs),
    versus: "difference",
  },
];

const nowOf = (builds: BuildResults[]) => builds[builds.length - 1];
const beforeOf = (builds: BuildResults[]) => (builds.length > 1 ? builds[0] : undefined);

function metricRow(metric: Metric, builds: BuildResults[]): string[] {
  const [now, before] = [nowOf(builds), beforeOf(builds)];
  const nowSpread = spread(now.rounds.map(metric.of));
  const cells = builds.map((b) => range(spread(b.rounds.map(metric.of)), metric.digits));
  let versus: Spread | undefined;
  if (before) {
    const pairs = now.rounds.map((round, i) => [metric.of(round), metric.of(before.rounds[i])]);
    versus = spread(pairs.map(([a, b]) => (metric.versus === "ratio" ? a / b : a - b)));
    const sign = (n: number) =>
      metric.versus === "ratio" ? `×${f(n, 2)}` : `${n > 0 ? "+" : n < 0 ? "−" : ""}${f(Math.abs(n), metric.digits)}`;
    cells.push(`${sign(versus.median)} (${sign(versus.min)} … ${sign(versus.max)})`);
  }
  const targets = (metric.targets ?? []).filter((t) => versus || !t.against);
  const verdicts = targets.map((t) => met(t.met(nowSpread, versus!)));
  return [metric.name, ...cells, targets.map((t) => t.text).join("; "), verdicts.join("; ")];
}

const rssMiB = (m: MemoryReading) => m.processes.reduce((a, p) => a + p.rssMiB, 0);
const afterLogins = (b: BuildResults) => b.memory.find((m) => m.label.endsWith(" logins"));
const columns = (builds: BuildResults[]) => [
  ...builds.map((b) => b.build.label),
  ...(builds.length > 1 ? ["now vs before, per round"] : []),
];
const blank = (builds: BuildResults[]) => (builds.length > 1 ? [""] : []);

function fixedRows(builds: BuildResults[], loginsBeforeRss: number): string[][] {
  const now = nowOf(builds);
  const rss = afterLogins(now);
  const rssMB = rss ? (rssMiB(rss) * 2 ** 20) / 1e6 : NaN;
  const rows = [
    [
      `server RSS after ≥ ${f(loginsBeforeRss)} logins, MiB`,
      ...builds.map((b) => {
        const m = afterLogins(b);
        return m ? `**${f(rssMiB(m))}** after ${f(m.logins)}` : "—";
      }),
      ...blank(builds),
      `≤ 300 MB`,
      met(rssMB <= 300),
    ],
  ];
  for (const route of ["/sign-in", "/sign-up"]) {
    const kB = (b: BuildResults) => (b.firstLoad.find((x) => x.route === route)?.gzipBytes ?? NaN) / 1000;
    rows.push([
      `first-load JS ${route}, kB gzip`,
      ...builds.map((b) => `**${f(kB(b), 1)}**`),
      ...blank(builds),
      "≤ 130 KB",
      met(kB(now) <= 130),
    ]);
  }
  return rows;
}

function roundRows(builds: BuildResults[]): { me: string[][]; logins: string[][] } {
  const me: string[][] = [];
  const logins: string[][] = [];
  const others = (m: Measured) => `${f((m.cpu.othersMs / m.cpu.wallMs) * 100)} %`;
  const per = (m: Measured, ms: number, digits: number, scale = 1) => f(perRequest(m, ms) * scale, digits);
  for (let i = 0; i < builds[0].rounds.length; i++) {
    for (const b of builds) {
      const { me: g, logins: l, serialLogins: s } = b.rounds[i];
      const head = [String(i + 1), b.build.label];
      me.push([
        ...head,
        f(okPerSecond(g)),
        f(g.latencyMs.p50, 1),
        f(g.latencyMs.p99, 1),
        `${per(g, g.cpu.serverMs, 0, 1000)} (${per(g, g.cpu.serverMainMs, 0, 1000)})`,
        per(g, g.cpu.postgresMs, 0, 1000),
        per(g, g.cpu.loadGenMs, 0, 1000),
        f(g.ok),
        others(g),
      ]);
      logins.push([
        ...head,
        f(okPerSecond(l), 1),
        f(l.parallel.perSecond, 1),
        f(okPerSecond(l) / l.parallel.perSecond, 3),
        `${per(l, l.cpu.serverMs, 2)} (${per(l, l.cpu.serverMainMs, 2)})`,
        f(l.parallel.cpuMsPerVerify, 2),
        f(outsideHashCpuMs(l), 2),
        f(l.latencyMs.p99, 0),
        others(l),
        f(s.latencyMs.p50, 2),
        f(s.verify.medianMs, 2),
        `**${f(outsideHashMs(s), 2)}**`,
        `${per(s, s.cpu.serverMs, 2)} (${per(s, s.cpu.serverMainMs, 2)})`,
        f(s.verify.cpuMsPerVerify, 2),
        f(outsideHashCpuMs(s), 2),
        per(s, s.cpu.postgresMs, 2),
        `${f(l.ok)} + ${f(s.ok)}`,
        others(s),
      ]);
    }
  }
  return { me, logins };
}

export function report(r: Results): string {
  const { builds, options: o } = r;
  const now = nowOf(builds);
  const { me, logins } = roundRows(builds);
  const env = Object.entries(o.serverEnv)
    .map(([k, v]) => `, ${k}=${v}`)
    .join("");
  return [
    `Command: \`${r.command}\``,
    `Date: ${r.started.toISOString()} → ${r.finished.toISOString()}`,
    `Machine: ${r.host.cores} cores, ${r.host.memoryGiB} GiB, CPU "${r.host.cpuModel}", Node ${r.host.node}, Linux ${r.host.kernel}; load average ${r.loadAverage[0].map((n) => n.toFixed(2)).join(" ")} at start, ${r.loadAverage[1].map((n) => n.toFixed(2)).join(" ")} at end ("others" below: busy CPU that is not ours)`,
    `Builds: ${builds.map((b) => `**${b.build.label}** = ${b.build.commit} (${b.command}, \`${path.join(b.build.checkout, b.build.distDir)}\`)`).join("; ")}.`,
    `Setup: one fresh PostgreSQL database at ${new URL(o.databaseServerUrl).host} (${f(o.users)} users) for ${builds.length > 1 ? "both servers, each on its own port" : "the server"}; rate-limit store: ${r.storeKind}; ` +
      `the environment of package.json's start script, TRUST_PROXY_HEADERS=true, LOG_LEVEL=warn${env}${o.cpuProf ? `; ${now.build.label} under --cpu-prof` : ""}. ` +
      `Load: wrk (one thread, on the same machine; bench/wrk.lua), every login naming a seeded user from an X-Forwarded-For address of its own; every answer was 2xx (the bench fails otherwise). ` +
      `${o.runs} rounds${builds.length > 1 ? ", the servers taking turns in each" : ""}: /me for ${o.meSeconds} s at c=${o.meConnections} (${o.tokens} users' tokens in turn), logins for ${o.loginSeconds} s at c=${o.loginConnections}, then for ${o.serialLoginSeconds} s at c=1. ` +
      "Around each login run (just before and just after), in the bench's process, with the app's Argon2id parameters: 15 + 15 verifies one at a time (their median), and the rate of 2 at a time for 2 + 2 s.",
    "",
    table(
      ["figure", ...columns(builds), "target", ""],
      [...METRICS.map((m) => metricRow(m, builds)), ...fixedRows(builds, o.loginsBeforeRss)],
    ),
    "",
    "Median (min–max) over the rounds. \"Outside the hash\" in CPU: the server's CPU per login (all threads) minus one verify's CPU, measured alone at c=1 and two at a time at c=8. kB = 1000 bytes, MiB = 2^20 bytes.",
    "",
    `#### GET /api/auth/me, c=${o.meConnections}, each round`,
    "",
    "CPU in µs per request sent, from /proc: the server's process tree (its JavaScript thread), PostgreSQL's backends of the bench database, wrk; \"others\": the machine's busy time none of ours accounts for, as a share of the run's wall time (100 % = one core).",
    "",
    table(
      ["round", "build", "req/s", "p50 ms", "p99 ms", "server (JS thread)", "postgres", "wrk", "requests", "others"],
      me,
    ),
    "",
    `#### POST /api/auth/login, c=${o.loginConnections} and c=1, each round`,
    "",
    'CPU in ms per login sent. "2 verifies /s": two Argon2id verifies at a time, in the bench\'s process, around the run; "outside": the server\'s CPU per login minus one verify\'s CPU.',
    "",
    table(
      [
        "round",
        "build",
        "c=8 logins/s",
        "2 verifies /s",
        "ratio",
        "server CPU (JS thread)",
        "verify CPU (2 at a time)",
        "outside",
        "p99 ms",
        "others",
        "c=1 p50 ms",
        "one verify ms",
        "p50 − verify",
        "server CPU (JS thread)",
        "verify CPU",
        "outside",
        "postgres",
        "logins",
        "others",
      ],
      logins,
    ),
    "",
    "#### Server memory",
    "",
    `VmRSS of each server's process tree, from /proc/<pid>/status.`,
    "",
    table(
      ["when", ...builds.map((b) => `${b.build.label}: logins so far, RSS MiB (peak)`)],
      now.memory.map((m, i) => [
        m.label,
        ...builds.map((b) => {
          const x = b.memory[i];
          return x ? `${f(x.logins)}: ${f(rssMiB(x))} (${f(x.processes.reduce((a, p) => a + p.peakRssMiB, 0))})` : "—";
        }),
      ]),
    ),
  ].join("\n");
}

export function writeReport(file: string, r: Results): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const current = existsSync(file) ? readFileSync(file, "utf8") : `# Benchmarks\n\n${BEGIN}\n${END}\n`;
  const start = current.indexOf(BEGIN);
  const end = current.indexOf(END);
  const block = `${BEGIN}\n### Latest figures\n\n${report(r)}\n${END}`;
  const next =
    start >= 0 && end > start
      ? current.slice(0, start) + block + current.slice(end + END.length)
      : `${current.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, next);
  console.log(`\nwritten to ${file}`);
}

/**
 * The server's JavaScript thread during the c=1 login runs, per login; those samples are also
 * written beside the profile (`….c1.cpuprofile`), for `tsx bench/profile-summary.ts --match`.
 */
export function serialLoginProfile(file: string, runs: LoginRun[]): string {
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const inRun = keepSamples(profile, (at) => runs.some((run) => at >= run.window[0] && at <= run.window[1]));
  const out = file.replace(/\.cpuprofile$/, ".c1.cpuprofile");
  writeFileSync(out, JSON.stringify(inRun));
  const logins = runs.reduce((sum, run) => sum + run.sent, 0);
  return `\n### CPU profile of the server's JavaScript thread during the c=1 login runs (${out})\n\n${summarize(inRun, 40, undefined, { count: logins, unit: "login" })}`;
}
