import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { spawnServer, waitForHealth } from "../scripts/instance-process";
import { processTree } from "./proc";
import { startEnvironment } from "./start-options";

/**
 * The app under test, built and started exactly as `npm run build && npm start` would, but with
 * a dist dir and a port of its own so that it never meets the builds and servers of others
 * working in this checkout.
 */

const NEXT_BIN = "node_modules/next/dist/bin/next";

/**
 * `npm run build`'s two steps (`next build`, then the server bundle) with NEXT_DIST_DIR. Next
 * adds "<distDir>/types/**" to tsconfig.json's include on every build with a new dist dir; that
 * edit is ours to undo (only when it is the sole change).
 */
export function buildApp(distDir: string): void {
  const before = readFileSync("tsconfig.json", "utf8");
  const env = { ...process.env, NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: "1", CHECKPOINT_DISABLE: "1" };
  const result = spawnSync(process.execPath, [NEXT_BIN, "build"], { stdio: ["ignore", "inherit", "inherit"], env });
  restoreTsconfig(before, distDir);
  if (result.status !== 0) throw new Error(`next build failed (exit ${result.status ?? result.signal})`);
  const bundle = spawnSync(process.execPath, ["scripts/build-server.mjs"], { stdio: ["ignore", "inherit", "inherit"], env });
  if (bundle.status !== 0) throw new Error(`the server bundle failed (exit ${bundle.status ?? bundle.signal})`);
}

function restoreTsconfig(before: string, distDir: string): void {
  const after = readFileSync("tsconfig.json", "utf8");
  if (after === before) return;
  const parsed = JSON.parse(after) as { include?: string[] };
  const ours = (entry: string) => entry.startsWith(`${distDir.replace(/^\.\//, "")}/`);
  const withoutOurs = { ...parsed, include: parsed.include?.filter((entry) => !ours(entry)) };
  if (isDeepStrictEqual(withoutOurs, JSON.parse(before))) writeFileSync("tsconfig.json", before);
}

export type Server = {
  pid: number;
  url: string;
  logFile: string;
  /** The server's process and its descendants. */
  treePids(): number[];
  stop(): Promise<void>;
};

export async function startServer(options: { distDir: string; port: number; env: Record<string, string>; logFile: string; nodeArgs?: string[] }): Promise<Server> {
  const env = { ...startEnvironment(), ...options.env };
  const spawned = spawnServer(options.distDir, options.port, options.logFile, env, options.nodeArgs);
  const server: Server = {
    pid: spawned.pid,
    url: spawned.url,
    logFile: options.logFile,
    treePids: () => processTree(spawned.pid).map((s) => s.pid),
    stop: spawned.stop,
  };
  try {
    await waitForHealth(spawned, 60_000);
  } catch (error) {
    await server.stop();
    throw new Error(`the server: ${(error as Error).message} (see ${options.logFile})`);
  }
  return server;
}
