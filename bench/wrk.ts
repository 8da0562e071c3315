import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { childrenCpuMs } from "./proc";

/**
 * One load run with wrk (C, one thread): a load generator in JavaScript would take CPU from the
 * server on two cores. The requests come from bench/wrk.lua; its last line is the run's figures.
 * wrk's CPU time is read from this process's reaped-children time, so nothing else may exit
 * between the start and the end of a run.
 */

const SCRIPT = fileURLToPath(new URL("./wrk.lua", import.meta.url));
const running = new Set<ChildProcess>();
/** One wrk thread keeps up with the server here and takes the least CPU from it. */
const THREADS = 1;

export type Scenario =
  /** POST /api/auth/login as `<userPrefix><n>`, each request from an address of its own. */
  | { kind: "login"; userPrefix: string; userCount: number; ipPrefix: string; firstRequest: number; password: string }
  /** GET `path` (e.g. /api/auth/me) with these bearer tokens in turn. */
  | { kind: "get"; path: string; tokens: string[] };

export type LoadJob = { url: string; connections: number; seconds: number; scenario: Scenario };

export type LoadResult = {
  /** Requests written; those still in flight when wrk stopped are not in `completed`. */
  sent: number;
  completed: number;
  /** 2xx answers. */
  ok: number;
  statusCounts: Record<string, number>;
  /** Connect, read, write errors and timeouts. */
  socketErrors: number;
  seconds: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  loadGenCpuMs: number;
};

type WrkResult = {
  sent: number;
  completed: number;
  durationUs: number;
  statuses: Record<string, number>;
  errors: Record<string, number>;
  latencyUs: LoadResult["latencyMs"];
};

function scriptArgs(scenario: Scenario): string[] {
  if (scenario.kind === "get") return ["get", scenario.path, ...scenario.tokens];
  const { userPrefix, userCount, ipPrefix, firstRequest, password } = scenario;
  return [
    "login",
    userPrefix,
    String(userCount),
    ipPrefix,
    String(firstRequest),
    String(THREADS),
    JSON.stringify(password),
  ];
}

export async function runWrk(job: LoadJob): Promise<LoadResult> {
  const args = [
    `-t${THREADS}`,
    `-c${job.connections}`,
    `-d${job.seconds}s`,
    "--timeout",
    "30s",
    "-s",
    SCRIPT,
    job.url,
    "--",
    ...scriptArgs(job.scenario),
  ];
  const cpuBefore = childrenCpuMs();
  const child = spawn("wrk", args, { stdio: ["ignore", "pipe", "pipe"] });
  running.add(child);
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", resolve);
  }).finally(() => running.delete(child));
  const line = output.split("\n").find((l) => l.startsWith("wrk-result "));
  if (code !== 0 || !line) throw new Error(`wrk failed (exit ${code}):\n${output}`);
  const r = JSON.parse(line.slice("wrk-result ".length)) as WrkResult;
  const ms = (us: number) => us / 1000;
  return {
    sent: r.sent,
    completed: r.completed,
    ok: Object.entries(r.statuses).reduce((sum, [status, n]) => (status.startsWith("2") ? sum + n : sum), 0),
    statusCounts: r.statuses,
    socketErrors: Object.values(r.errors).reduce((a, b) => a + b, 0),
    seconds: r.durationUs / 1e6,
    latencyMs: {
      p50: ms(r.latencyUs.p50),
      p90: ms(r.latencyUs.p90),
      p99: ms(r.latencyUs.p99),
      max: ms(r.latencyUs.max),
      mean: ms(r.latencyUs.mean),
    },
    loadGenCpuMs: childrenCpuMs() - cpuBefore,
  };
}

/** Kills any wrk still running (on failure and on Ctrl-C). */
export function stopAllLoad(): void {
  for (const child of running) child.kill("SIGKILL");
}
