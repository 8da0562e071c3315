import { existsSync } from "node:fs";
import { BENCH_STAFF, benchDatabaseUrl } from "./admin-seed";
import { spawnServer, waitForHealth } from "../scripts/instance-process";
import { treeMemory } from "./proc";
import { buildApp } from "./server";
import { startEnvironment } from "./start-options";

/**
 * `npm run build` + `npm start` for the staff-console benchmarks, with a dist dir and a port of
 * their own (NEXT_DIST_DIR=.next-admin-bench, ADMIN_BENCH_PORT or 3292), against the benchmark
 * database. Standalone on purpose: the other benchmarks keep their own harness.
 */

export const DIST_DIR = ".next-admin-bench";

/** Builds unless ADMIN_BENCH_SKIP_BUILD=1 and a build exists. */
export function buildForBench(): void {
  if (process.env.ADMIN_BENCH_SKIP_BUILD === "1" && existsSync(`${DIST_DIR}/BUILD_ID`)) return;
  buildApp(DIST_DIR);
}

export type BenchServer = { url: string; pid: number; rssBytes(): number; stop(): Promise<void> };

export async function startBenchServer(): Promise<BenchServer> {
  const port = Number(process.env.ADMIN_BENCH_PORT ?? 3292);
  const logFile = ".test-output/admin-bench-server.log";
  const spawned = spawnServer(DIST_DIR, port, logFile, {
    ...startEnvironment(),
    DATABASE_URL: benchDatabaseUrl(),
    AUTH_SECRET: "admin-bench-secret-0123456789abcdef0123456789",
    LOG_LEVEL: "warn",
    RATE_LIMIT_PER_MINUTE: "1000",
  });
  const server: BenchServer = {
    url: spawned.url,
    pid: spawned.pid,
    rssBytes: () => treeMemory(spawned.pid).reduce((sum, member) => sum + member.rssMiB * 2 ** 20, 0),
    stop: spawned.stop,
  };
  try {
    await waitForHealth(spawned, 60_000);
  } catch (error) {
    await server.stop();
    throw new Error(`the server: ${(error as Error).message} (see ${logFile})`);
  }
  return server;
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
