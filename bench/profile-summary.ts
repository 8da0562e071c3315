import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { sourceOf } from "./source-maps";

/**
 * Reads a V8 .cpuprofile (node --cpu-prof) and says where the time went: self time by package
 * (next, react-dom, @prisma, pg, jose, our code…) and the heaviest functions by self and by
 * total time. Usage: tsx bench/profile-summary.ts <file.cpuprofile> [--top 25] [--match text]
 * [--from s] [--to s] (a window, in seconds since the profile started: leave start-up out)
 * [--per N:login] (also the time per one of N logins)
 */

type Frame = { functionName: string; url: string; lineNumber: number; columnNumber: number };
type Node = { id: number; callFrame: Frame; children?: number[]; hitCount?: number };
export type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

/** A bucket name for a script path: the npm package, "node:internal", or our own file. */
export function bucketOf(url: string): string {
  if (!url) return "(native/vm)";
  if (url.startsWith("node:")) return "node:" + (url.slice(5).split("/")[0] === "internal" ? "internal" : url.slice(5));
  const modules = url.lastIndexOf("node_modules/");
  if (modules >= 0) {
    const rest = url.slice(modules + 13).split("/");
    const name = decodeURIComponent(rest[0]).startsWith("@") ? `${decodeURIComponent(rest[0])}/${rest[1]}` : rest[0];
    // Next's compiled copies of other packages are worth telling apart from Next itself.
    const compiled = rest.indexOf("compiled");
    return compiled >= 0 && rest[compiled + 1] ? `${name} (compiled/${decodeURIComponent(rest[compiled + 1])})` : name;
  }
  if (url.includes("/server/chunks/")) return "app server chunks (no source map)";
  // Our own sources, as the maps name them ("../../../lib/accounts/authenticate.ts").
  return (
    "ours: " +
    url
      .replace(/^file:\/\//, "")
      .replace(/^(\.\.\/)+/, "")
      .replace(/^.*\/work\/[^/]+\//, "")
  );
}

/** Where a frame's code comes from: through the chunk's source map when it has one. */
function origin(frame: Frame): string {
  return bucketOf(sourceOf(frame.url, frame.lineNumber, frame.columnNumber) ?? frame.url);
}

/** Keeps only the samples taken between `fromS` and `toS` seconds after the profile started. */
export function window(profile: Profile, fromS = 0, toS = Infinity): Profile {
  return keepSamples(
    profile,
    (atUs) => atUs >= profile.startTime + fromS * 1e6 && atUs <= profile.startTime + toS * 1e6,
  );
}

/** Keeps only the samples whose time (µs of the monotonic clock, as process.hrtime) `keep` accepts. */
export function keepSamples(profile: Profile, keep: (atUs: number) => boolean): Profile {
  const samples: number[] = [];
  const timeDeltas: number[] = [];
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (keep(at)) {
      samples.push(id);
      timeDeltas.push(profile.timeDeltas[i] ?? 0);
    }
  });
  return { ...profile, samples, timeDeltas };
}

const IDLE = new Set(["(idle)", "(program)"]);

/** `per`: also show the time per one of `per.count` things done in the profile (e.g. ms per login). */
export function summarize(profile: Profile, top = 25, match?: string, per?: { count: number; unit: string }): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const idleUs = [...selfUs]
    .filter(([id]) => IDLE.has(byId.get(id)!.callFrame.functionName))
    .reduce((a, [, us]) => a + us, 0);

  const add = (map: Map<string, number>, key: string, us: number) => map.set(key, (map.get(key) ?? 0) + us);
  const buckets = new Map<string, number>();
  const selfFns = new Map<string, number>();
  const totalFns = new Map<string, number>();
  const label = (f: Frame) => `${f.functionName || "(anonymous)"} ${origin(f)}`;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)!.callFrame;
    if (IDLE.has(frame.functionName)) continue;
    add(buckets, origin(frame), us);
    add(selfFns, label(frame), us);
    // Inclusive time: count each distinct function once per sample stack.
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const key = label(byId.get(cur)!.callFrame);
      if (!seen.has(key)) add(totalFns, key, us);
      seen.add(key);
    }
  }
  const busy = totalUs - idleUs;
  const pct = (us: number) => `${((us / busy) * 100).toFixed(1).padStart(5)}%`;
  const perUnit = (us: number) => (per ? `  ${(us / 1000 / per.count).toFixed(3).padStart(7)} ms/${per.unit}` : "");
  const list = (map: Map<string, number>, filter?: (key: string) => boolean) =>
    [...map]
      .filter(([k]) => !filter || filter(k))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => `${pct(us)}  ${(us / 1000).toFixed(0).padStart(7)} ms${perUnit(us)}  ${k}`);
  return [
    `profile: ${(totalUs / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy${per ? ` (${perUnit(busy).trim()}, ${per.count} × ${per.unit})` : ""} (percentages are of busy time; idle and "(program)" left out)`,
    "",
    "self time by package:",
    ...list(buckets),
    "",
    "self time by function:",
    ...list(selfFns),
    "",
    `total (inclusive) time by function${match ? ` matching "${match}"` : ""}:`,
    ...list(totalFns, (k) => !match || k.includes(match)),
  ].join("\n");
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const option = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args.splice(i, 2)[1] : undefined;
  };
  const top = Number(option("--top") ?? 25);
  const match = option("--match");
  const from = Number(option("--from") ?? 0);
  const to = Number(option("--to") ?? Infinity);
  const [count, unit = "request"] = (option("--per") ?? "").split(":");
  const file = args[0];
  if (!file) {
    console.error(
      "usage: tsx bench/profile-summary.ts <file.cpuprofile> [--top N] [--match text] [--from s] [--to s] [--per N:unit]",
    );
    process.exit(1);
  }
  const per = Number(count) > 0 ? { count: Number(count), unit } : undefined;
  console.log(summarize(window(JSON.parse(readFileSync(file, "utf8")) as Profile, from, to), top, match, per));
}
