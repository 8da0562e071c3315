import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { spawnServer, waitForHealth, type Spawned } from "../scripts/instance-process";
import { processTree } from "./proc";
import { startEnvironment } from "./start-options";

/**
 * The app under test, built and started exactly as `npm run build && npm start` would, but with
 * a dist dir and a port of its own so that it never meets the builds and servers of others
 * working in this checkout. A build of another checkout (`npm run bench -- --compare DIR`) is
 * started there, the same way, or as `next start` if it is from before server.ts.
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
  const bundle = spawnSync(process.execPath, ["scripts/build-server.mjs"], {
    stdio: ["ignore", "inherit", "inherit"],
    env,
  });
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

/** A build to start: the checkout it was built in, its dist dir there, and the commit it came from. */
export type Build = { label: string; checkout: string; distDir: string; commit: string };

export function describeBuild(label: string, checkout: string, distDir: string): Build {
  const git = (...args: string[]) => execFileSync("git", ["-C", checkout, ...args], { encoding: "utf8" });
  const changed = git("status", "--porcelain", "--untracked-files=no")
    .split("\n")
    .filter(Boolean)
    .map((line) => line.slice(3));
  const dirty = changed.length
    ? ` + uncommitted changes to ${changed.length > 3 ? `${changed.length} files` : changed.join(", ")}`
    : "";
  return {
    label,
    checkout: path.resolve(checkout),
    distDir,
    commit: `${git("rev-parse", "--short=10", "HEAD").trim()}${dirty}`,
  };
}

/** How the build is run: its server.mjs (server.ts, bundled by `npm run build`), else `next start`. */
export const serverCommand = (build: Build) =>
  existsSync(path.join(build.checkout, build.distDir, "server.mjs")) ? "node server.mjs" : "next start";

export async function startServer(options: {
  build: Build;
  port: number;
  env: Record<string, string>;
  logFile: string;
  nodeArgs?: string[];
}): Promise<Server> {
  const env = { ...startEnvironment(), ...options.env };
  const spawned = spawnBuild(options.build, options.port, options.logFile, env, options.nodeArgs ?? []);
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

function spawnBuild(
  build: Build,
  port: number,
  logFile: string,
  env: Record<string, string>,
  nodeArgs: string[],
): Spawned {
  const entry = serverCommand(build) === "next start" ? [NEXT_BIN, "start"] : [`${build.distDir}/server.mjs`];
  return spawnServer(build.distDir, port, logFile, env, nodeArgs, { cwd: build.checkout, entry });
}
