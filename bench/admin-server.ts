import { existsSync } from "node:fs";
import { BENCH_STAFF } from "./admin-seed";
import { treeMemory } from "./proc";
import { buildApp, startServer, type Build } from "./server";

/**
 * The production server for the staff-console benchmarks: this checkout's build, with a dist dir
 * and a port of its own (NEXT_DIST_DIR=.next-admin-bench, ADMIN_BENCH_PORT or 3292), or another
 * checkout's (--compare) on the next port, each against its own benchmark database.
 */

export const DIST_DIR = ".next-admin-bench";

/** Builds unless ADMIN_BENCH_SKIP_BUILD=1 and a build exists. */
export function buildForBench(): void {
  if (process.env.ADMIN_BENCH_SKIP_BUILD === "1" && existsSync(`${DIST_DIR}/BUILD_ID`)) return;
  buildApp(DIST_DIR);
}

export type BenchServer = { label: string; url: string; pid: number; rssBytes(): number; stop(): Promise<void> };

export async function startBenchServer(build: Build, databaseUrl: string, port: number): Promise<BenchServer> {
  const server = await startServer({
    build,
    port,
    logFile: `.test-output/admin-bench-server-${build.label}.log`,
    env: {
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: "admin-bench-secret-0123456789abcdef0123456789",
      LOG_LEVEL: "warn",
      RATE_LIMIT_PER_MINUTE: "1000",
    },
  });
  return {
    label: build.label,
    url: server.url,
    pid: server.pid,
    rssBytes: () => treeMemory(server.pid).reduce((sum, member) => sum + member.rssMiB * 2 ** 20, 0),
    stop: server.stop,
  };
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
