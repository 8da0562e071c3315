import { readFileSync } from "node:fs";

/**
 * The environment `npm start` gives the server (the `NAME=value` / `NAME="value"` assignments
 * before `node` in package.json's "start" script, with `${NAME:-default}` expanded), so the
 * benchmarks and `npm run instances`, which start the server directly to measure or manage only
 * its process, run it exactly as `npm start` does.
 */
export function startEnvironment(): Record<string, string> {
  const scripts = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts;
  const prefix = scripts.start.slice(0, scripts.start.indexOf(" node "));
  const env: Record<string, string> = {};
  for (const [, name, quoted, bare] of prefix.matchAll(/([A-Z_][A-Z0-9_]*)=(?:"([^"]*)"|(\S*))/g)) {
    const value = (quoted ?? bare).replace(
      /\$\{([A-Z_][A-Z0-9_]*):-([^}]*)\}/g,
      (_, key: string, fallback: string) => process.env[key] || fallback,
    );
    env[name] = value.trim();
  }
  return env;
}
