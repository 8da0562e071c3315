import { readFileSync } from "node:fs";

/**
 * The Node options `npm start` gives the server (package.json "start": NODE_OPTIONS="…"), so the
 * benchmarks, which start `next start` directly to measure only its process, run it the same way.
 */
export function startNodeOptions(): string {
  const scripts = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts;
  const options = /NODE_OPTIONS="([^"]*)"/.exec(scripts.start)?.[1] ?? "";
  return options.replace(/\$\{NODE_OPTIONS:-\}/, process.env.NODE_OPTIONS ?? "").trim();
}
