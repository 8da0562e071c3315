import { existsSync } from "node:fs";
import path from "node:path";

/**
 * Settings of one bench run: command-line flags, and environment variables for where things are.
 *
 *   npm run bench [-- --compare DIR] [--runs 3] [--skip-build] [--quick] [--cpu-prof] [--no-write] [--env KEY=VALUE]…
 *
 *   --compare DIR    also measure the build in checkout DIR (e.g. a worktree of an earlier commit,
 *                    already built), the two servers taking turns, round after round
 *   --runs N         rounds (each server measured once per round)
 *   --cpu-prof       profile this checkout's server (node --cpu-prof), summarised after the run
 *   --env KEY=VALUE  extra environment for the servers under test (e.g. MALLOC_ARENA_MAX=2), repeatable
 *
 *   BENCH_DATABASE_URL      PostgreSQL server to create the bench database on (default postgresql://postgres@127.0.0.1:5432/postgres)
 *   BENCH_REDIS_URL         Redis behind an Upstash bridge shared by the servers (default: none, each uses the app's in-process store)
 *   BENCH_PORT              port of this checkout's server (default 3200); the compared one gets the next
 *   BENCH_DIST_DIR          its build directory (default .next-bench)
 *   BENCH_COMPARE_DIST_DIR  the compared build's directory, inside DIR (default .next)
 */

export type Options = {
  runs: number;
  skipBuild: boolean;
  quick: boolean;
  cpuProf: boolean;
  write: boolean;
  /** Extra environment for the servers under test (--env KEY=VALUE). */
  serverEnv: Record<string, string>;
  databaseServerUrl: string;
  redisUrl: string | undefined;
  port: number;
  distDir: string;
  /** The other build to measure (--compare), and its build directory inside that checkout. */
  compare: { checkout: string; distDir: string } | undefined;
  /** Users in the database; logins cycle through them. */
  users: number;
  loginConnections: number;
  loginSeconds: number;
  /** The login run one at a time: its median latency minus one verify is a login's cost outside the hash. */
  serialLoginSeconds: number;
  /** Successful logins (all phases together) before the memory reading. */
  loginsBeforeRss: number;
  meConnections: number;
  meSeconds: number;
  tokens: number;
};

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): Options {
  const flag = (name: string) => argv.includes(name);
  const value = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const quick = flag("--quick");
  const runs = Number(value("--runs") ?? (quick ? 2 : 3));
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number ≥ 1, got ${value("--runs")}`);
  const port = Number(env.BENCH_PORT || 3200);
  if (!Number.isInteger(port) || port < 1 || port > 65_535)
    throw new Error(`BENCH_PORT must be a port, got ${env.BENCH_PORT}`);
  const databaseServerUrl = env.BENCH_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
  const host = new URL(databaseServerUrl).hostname;
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host)) {
    throw new Error(`The bench creates and drops databases: BENCH_DATABASE_URL must be local, not ${host}`);
  }
  const serverEnv: Record<string, string> = {};
  argv.forEach((arg, i) => {
    if (arg !== "--env") return;
    const [key, ...rest] = (argv[i + 1] ?? "").split("=");
    if (!key || rest.length === 0) throw new Error(`--env wants KEY=VALUE, got ${argv[i + 1]}`);
    serverEnv[key] = rest.join("=");
  });
  const compareDir = value("--compare");
  let compare: Options["compare"];
  if (compareDir !== undefined) {
    const checkout = path.resolve(compareDir);
    const distDir = env.BENCH_COMPARE_DIST_DIR || ".next";
    if (!existsSync(path.join(checkout, distDir, "BUILD_ID"))) {
      throw new Error(
        `--compare: no build in ${path.join(checkout, distDir)} (build it there, or set BENCH_COMPARE_DIST_DIR)`,
      );
    }
    compare = { checkout, distDir };
  }
  return {
    runs,
    serverEnv,
    skipBuild: flag("--skip-build"),
    quick,
    cpuProf: flag("--cpu-prof"),
    // A quick run is a smoke test: its figures are not the ones to keep.
    write: !flag("--no-write") && !quick,
    databaseServerUrl,
    redisUrl: env.BENCH_REDIS_URL || undefined,
    port,
    distDir: env.BENCH_DIST_DIR || ".next-bench",
    compare,
    users: quick ? 2_000 : 10_000,
    loginConnections: 8,
    loginSeconds: quick ? 4 : 12,
    serialLoginSeconds: quick ? 3 : 8,
    loginsBeforeRss: quick ? 1_000 : 10_000,
    meConnections: 32,
    meSeconds: quick ? 3 : 10,
    tokens: 64,
  };
}
