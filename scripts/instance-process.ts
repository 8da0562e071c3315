import { spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";

/**
 * One production server (server.ts, as `npm start` runs it) of a build on 127.0.0.1, in a process group of its own so that
 * stop() reaches whatever it spawned; and if this process exits without stopping it (an error,
 * a second Ctrl-C), the exit handler below kills the group rather than leave it running.
 */

export type Spawned = { pid: number; url: string; logFile: string; exited: Promise<void>; stop(): Promise<void> };

// Process groups still running: killed outright if this process exits without stopping them.
const live = new Set<number>();
process.on("exit", () => live.forEach((pid) => signalGroup(pid, "SIGKILL")));

/**
 * `entry` is what Node runs (default: the build's server.mjs) and `cwd` where: a benchmark may
 * start another checkout's build, which may predate server.mjs (then `next start`).
 */
export function spawnServer(
  distDir: string,
  port: number,
  logFile: string,
  env: Record<string, string>,
  nodeArgs: string[] = [],
  { cwd, entry = [`${distDir}/server.mjs`] }: { cwd?: string; entry?: string[] } = {},
): Spawned {
  const log = openSync(logFile, "w");
  const child = spawn(process.execPath, [...nodeArgs, ...entry, "-p", String(port), "-H", "127.0.0.1"], {
    cwd,
    detached: true,
    stdio: ["ignore", log, log],
    env: { ...process.env, ...env, NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
  });
  closeSync(log);
  const pid = child.pid;
  if (pid === undefined) throw new Error("the server did not start");
  live.add(pid);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  void exited.then(() => live.delete(pid));
  return {
    pid,
    url: `http://127.0.0.1:${port}`,
    logFile,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      signalGroup(pid, "SIGTERM");
      const timer = setTimeout(() => signalGroup(pid, "SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
      // Whatever the server itself spawned goes with it.
      signalGroup(pid, "SIGKILL");
    },
  };
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

export async function waitForHealth(server: Spawned, timeoutMs = 90_000): Promise<void> {
  let dead = false;
  void server.exited.then(() => (dead = true));
  let last = "no answer";
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline && !dead;) {
    try {
      const response = await fetch(`${server.url}/api/health`, { signal: AbortSignal.timeout(3_000) });
      if (response.status === 200) return;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(dead ? "exited during start-up" : `never healthy: ${last}`);
}
