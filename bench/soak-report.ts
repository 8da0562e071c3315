import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Machine } from "./proc";
import { KINDS, MAX_IN_FLIGHT, type SoakLoad } from "./soak-load";

/**
 * The soak's verdict and its Markdown section, written between the soak's markers in
 * docs/RELIABILITY.md (the rest of that file belongs to others and is left as it is).
 */

export type RssSample = { seconds: number; rssMiB: number };

export type SoakResults = {
  command: string;
  started: Date;
  finished: Date;
  host: Machine;
  loadAverage: [number[], number[]];
  setup: string;
  rate: number;
  minutes: number;
  warmupMinutes: number;
  load: SoakLoad;
  samples: RssSample[];
  /** Usernames answered 201 but absent from the database at the end. */
  lost: string[];
};

export type Verdict = {
  no5xx: boolean;
  noLost: boolean;
  rssFlat: boolean;
  growth: number;
  warm: RssSample;
  end: RssSample;
  pass: boolean;
};

const MAX_GROWTH = 0.1;
const BEGIN = "<!-- soak:begin -->";
const END = "<!-- soak:end -->";

const f = (n: number, digits = 0) =>
  n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN;
}

export function verdict(r: SoakResults): Verdict {
  const statuses = KINDS.flatMap((kind) => Object.keys(r.load.stats[kind].statuses));
  const no5xx = !statuses.some((status) => status.startsWith("5") || status === "error");
  // The reference is the first sample at or after the end of the warm-up.
  const warm = r.samples.find((s) => s.seconds >= r.warmupMinutes * 60) ?? r.samples[r.samples.length - 1];
  const end = r.samples[r.samples.length - 1];
  const growth = (end.rssMiB - warm.rssMiB) / warm.rssMiB;
  const rssFlat = growth <= MAX_GROWTH;
  return {
    no5xx,
    noLost: r.lost.length === 0,
    rssFlat,
    growth,
    warm,
    end,
    pass: no5xx && r.lost.length === 0 && rssFlat,
  };
}

export function soakReport(r: SoakResults): string {
  const v = verdict(r);
  const mark = (ok: boolean) => (ok ? "✅" : "❌");
  const rows = KINDS.map((kind) => {
    const s = r.load.stats[kind];
    const statuses =
      Object.entries(s.statuses)
        .sort()
        .map(([code, n]) => `${f(n)}×${code}`)
        .join(", ") || "—";
    const ms = (p: number) => f(percentile(s.latenciesMs, p), 1);
    return `| ${kind} | ${f(s.sent)} | ${statuses} | ${ms(50)} | ${ms(90)} | ${ms(99)} | ${f(Math.max(...s.latenciesMs, 0), 1)} |`;
  });
  const afterWarm = r.samples.filter((s) => s.seconds >= v.warm.seconds).map((s) => s.rssMiB);
  const signups = r.load.stats.signup.statuses["201"] ?? 0;
  return [
    `### Soak of ${r.started.toISOString().slice(0, 16).replace("T", " ")} UTC — ${v.pass ? "✅ pass" : "❌ fail"}`,
    "",
    `Command: \`${r.command}\` (${f((r.finished.getTime() - r.started.getTime()) / 60_000, 1)} min in all, set-up included).`,
    "",
    `Machine: ${r.host.cores} cores, ${r.host.memoryGiB} GiB, CPU "${r.host.cpuModel}", Node ${r.host.node}, Linux ${r.host.kernel}; load average ${r.loadAverage[0].map((n) => n.toFixed(2)).join(" ")} at start, ${r.loadAverage[1].map((n) => n.toFixed(2)).join(" ")} at end (a shared machine).`,
    "",
    `Setup: ${r.setup}`,
    "",
    `Load: ${f(r.rate)} requests/s for ${f(r.minutes, 1)} min, open loop (10 % sign-ups, 20 % logins, 50 % GET /api/auth/me, 20 % staff searches GET /api/admin/users?q=…), each request from its own X-Forwarded-For address; ${f(r.load.skipped)} requests not sent because ${MAX_IN_FLIGHT} were already waiting. Latencies in ms, of answered requests.`,
    "",
    "| kind | sent | statuses | p50 | p90 | p99 | max |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
    "",
    `Server RSS (the production server's process tree, every ${r.samples.length > 1 ? f(r.samples[1].seconds - r.samples[0].seconds) : "?"} s): ${f(r.samples[0].rssMiB)} MiB at the start of the load, ${f(v.warm.rssMiB)} MiB at the end of the ${f(r.warmupMinutes, 1)}-minute warm-up (${f(v.warm.seconds)} s), ${f(v.end.rssMiB)} MiB at the end (${f(v.end.seconds)} s); after the warm-up min ${f(Math.min(...afterWarm))}, max ${f(Math.max(...afterWarm))} MiB. Growth after the warm-up: **${f(v.growth * 100, 1)} %**.`,
    "",
    `<details><summary>RSS series (s: MiB)</summary>\n\n${r.samples.map((s) => `${f(s.seconds)}: ${f(s.rssMiB)}`).join(" · ")}\n\n</details>`,
    "",
    "Verdict:",
    `- ${mark(v.no5xx)} no 5xx and no failed connections`,
    `- ${mark(v.noLost)} no lost registrations: ${f(signups)} sign-ups answered 201, ${f(signups - r.lost.length)} of them found in the database at the end${r.lost.length ? ` (missing: ${r.lost.slice(0, 10).join(", ")}${r.lost.length > 10 ? ", …" : ""})` : ""}`,
    `- ${mark(v.rssFlat)} RSS flat: growth ${f(v.growth * 100, 1)} % from the end of the warm-up to the end (limit ${f(MAX_GROWTH * 100)} %)`,
  ].join("\n");
}

export function writeSoakReport(file: string, markdown: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const current = existsSync(file) ? readFileSync(file, "utf8") : `# Reliability\n\n${BEGIN}\n${END}\n`;
  const start = current.indexOf(BEGIN);
  const end = current.indexOf(END);
  const block = `${BEGIN}\n${markdown}\n${END}`;
  const next =
    start >= 0 && end > start
      ? current.slice(0, start) + block + current.slice(end + END.length)
      : `${current.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, next);
  console.log(`\nwritten to ${file}`);
}
