import { spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, openSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { BENCH_STAFF, benchDatabaseUrl } from "./admin-seed";
import { startNodeOptions } from "./start-options";

/**
 * `next build` + `next start` for the staff-console benchmarks, with a dist dir and a port of
 * their own (NEXT_DIST_DIR=.next-admin-bench, ADMIN_BENCH_PORT or 3292), against the benchmark
 * database. Standalone on purpose: the other benchmarks keep their own harness.
 */

export const DIST_DIR = ".next-admin-bench";
const NEXT_BIN = "node_modules/next/dist/bin/next";

/** Builds unless ADMIN_BENCH_SKIP_BUILD=1 and a build exists; undoes Next's tsconfig.json edit for our dist dir. */
export function buildForBench(): void {
  if (process.env.ADMIN_BENCH_SKIP_BUILD === "1" && existsSync(`${DIST_DIR}/BUILD_ID`)) return;
  const before = readFileSync("tsconfig.json", "utf8");
  const result = spawnSync(process.execPath, [NEXT_BIN, "build"], {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, NEXT_DIST_DIR: DIST_DIR, NEXT_TELEMETRY_DISABLED: "1", CHECKPOINT_DISABLE: "1" },
  });
  // Next adds "<distDir>/types/**" to tsconfig.json for a new dist dir: undo exactly that.
  const after = JSON.parse(readFileSync("tsconfig.json", "utf8")) as { include?: string[] };
  after.include = after.include?.filter((entry) => !entry.startsWith(`${DIST_DIR}/`));
  if (JSON.stringify(after) === JSON.stringify(JSON.parse(before))) writeFileSync("tsconfig.json", before);
  if (result.status !== 0) throw new Error(`next build failed (${result.status ?? result.signal})`);
}

export type BenchServer = { url: string; pid: number; rssBytes(): number; stop(): Promise<void> };

export async function startBenchServer(): Promise<BenchServer> {
  const port = Number(process.env.ADMIN_BENCH_PORT ?? 3292);
  const logFile = ".test-output/admin-bench-server.log";
  const log = openSync(logFile, "w");
  const child = spawn(process.execPath, [NEXT_BIN, "start", "-p", String(port), "-H", "127.0.0.1"], {
    detached: true,
    stdio: ["ignore", log, log],
    env: {
      ...process.env,
      NODE_OPTIONS: startNodeOptions(),
      NODE_ENV: "production",
      NEXT_DIST_DIR: DIST_DIR,
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: benchDatabaseUrl(),
      AUTH_SECRET: "admin-bench-secret-0123456789abcdef0123456789",
      LOG_LEVEL: "warn",
      RATE_LIMIT_PER_MINUTE: "1000",
    },
  });
  closeSync(log);
  const pid = child.pid!;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const server: BenchServer = {
    url,
    pid,
    rssBytes: () => treeRss(pid),
    async stop() {
      if (child.exitCode !== null) return;
      try {
        process.kill(-pid, "SIGTERM");
      } catch {
        return;
      }
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    },
  };
  for (const deadline = Date.now() + 60_000; ; ) {
    if (child.exitCode !== null) throw new Error(`next start exited (see ${logFile})`);
    const ok = await fetch(`${url}/api/health`).then((r) => r.ok, () => false);
    if (ok) return server;
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`next start never became healthy (see ${logFile})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export async function staffToken(url: string): Promise<string> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ identifier: BENCH_STAFF.username, password: BENCH_STAFF.password }),
  });
  if (!response.ok) throw new Error(`staff login failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

/** Resident memory of a process and all its descendants (next start may fork its server). */
function treeRss(root: number): number {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // Gone meanwhile.
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) for (const [pid, ppid] of parents) if (ppid === tree[i]) tree.push(pid);
  let total = 0;
  for (const pid of tree) {
    try {
      const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
      total += Number(kb ?? 0) * 1024;
    } catch {
      // Gone meanwhile.
    }
  }
  return total;
}
