import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { closeSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { processTree } from "./proc";
import { startNodeOptions } from "./start-options";

/**
 * The app under test, built and started exactly as `npm run build && npm start` would, but with
 * a dist dir and a port of its own so that it never meets the builds and servers of others
 * working in this checkout.
 */

const NEXT_BIN = "node_modules/next/dist/bin/next";

/**
 * `next build` with NEXT_DIST_DIR. Next adds "<distDir>/types/**" to tsconfig.json's include on
 * every build with a new dist dir; that edit is ours to undo (only when it is the sole change).
 */
export function buildApp(distDir: string): void {
  const before = readFileSync("tsconfig.json", "utf8");
  const result = spawnSync(process.execPath, [NEXT_BIN, "build"], {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: "1", CHECKPOINT_DISABLE: "1" },
  });
  restoreTsconfig(before, distDir);
  if (result.status !== 0) throw new Error(`next build failed (exit ${result.status ?? result.signal})`);
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
  /** The server's process and its descendants (next start may run the server in a child). */
  treePids(): number[];
  stop(): Promise<void>;
};

export async function startServer(options: { distDir: string; port: number; env: Record<string, string>; logFile: string; nodeArgs?: string[] }): Promise<Server> {
  const log = openSync(options.logFile, "w");
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeArgs ?? []), NEXT_BIN, "start", "-p", String(options.port), "-H", "127.0.0.1"], {
    // Its own process group, so that stop() reaches every process it spawned.
    detached: true,
    stdio: ["ignore", log, log],
    env: { ...process.env, NODE_OPTIONS: startNodeOptions(), ...options.env, NEXT_DIST_DIR: options.distDir, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
  });
  closeSync(log);
  const pid = child.pid;
  if (pid === undefined) throw new Error("next start did not start");
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${options.port}`;

  const server: Server = {
    pid,
    url,
    logFile: options.logFile,
    treePids: () => processTree(pid).map((s) => s.pid),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      signalGroup(pid, "SIGTERM");
      const timer = setTimeout(() => signalGroup(pid, "SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
  try {
    await waitForHealth(url, exited);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

async function waitForHealth(url: string, exited: Promise<void>, timeoutMs = 60_000): Promise<void> {
  let dead = false;
  void exited.then(() => (dead = true));
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline && !dead) {
    try {
      const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(dead ? "the server exited during start-up (see its log)" : `the server never became healthy: ${last}`);
}
