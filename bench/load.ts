import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { LoadJob, LoadResult } from "./load-worker";

/**
 * Runs one load job in a fresh child process (autocannon) and returns its figures. The child is
 * killed if it outlives the job's time limit by more than a grace period, and `stopAll` kills
 * any child still running (the bench calls it on failure and on Ctrl-C).
 */

const WORKER = fileURLToPath(new URL("./load-worker.ts", import.meta.url));
const GRACE_SECONDS = 30;
const running = new Set<ChildProcess>();

export type { LoadJob, LoadResult, Scenario } from "./load-worker";

export function runLoad(job: LoadJob): Promise<LoadResult & { pid: number }> {
  const child = fork(WORKER, [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  running.add(child);
  return new Promise((resolve, reject) => {
    const killer = setTimeout(() => child.kill("SIGKILL"), (job.maxSeconds + GRACE_SECONDS) * 1000);
    let settled = false;
    child.once("message", (message: { result?: LoadResult; error?: string }) => {
      settled = true;
      if (message.result) resolve({ ...message.result, pid: child.pid ?? 0 });
      else reject(new Error(`load generator failed: ${message.error}`));
    });
    child.once("exit", (code, signal) => {
      clearTimeout(killer);
      running.delete(child);
      if (!settled) reject(new Error(`load generator exited (${code ?? signal}) without a result`));
    });
    child.send(job);
  });
}

export function stopAllLoad(): void {
  for (const child of running) child.kill("SIGKILL");
}
