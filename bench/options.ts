/**
 * Settings of one bench run: command-line flags, and environment variables for where things are.
 *
 *   npm run bench [-- --runs 3] [--skip-build] [--quick] [--cpu-prof] [--no-write] [--env KEY=VALUE]…
 *
 *   --env KEY=VALUE  extra environment for the server under test (e.g. MALLOC_ARENA_MAX=2), repeatable
 *
 *   BENCH_DATABASE_URL  PostgreSQL server to create the bench database on (default postgresql://postgres@127.0.0.1:5432/postgres)
 *   BENCH_REDIS_URL     Redis behind the Upstash bridge (default redis://127.0.0.1:6379; "" = the app's memory store)
 *   BENCH_PORT          port of the server under test (default 3200)
 *   BENCH_DIST_DIR      its build directory (default .next-bench)
 */

export type Options = {
  runs: number;
  skipBuild: boolean;
  quick: boolean;
  cpuProf: boolean;
  write: boolean;
  /** Extra environment for the server under test (--env KEY=VALUE). */
  serverEnv: Record<string, string>;
  databaseServerUrl: string;
  redisUrl: string | undefined;
  port: number;
  distDir: string;
  /** Users in the database; logins cycle through them. */
  users: number;
  loginConnections: number;
  loginsPerRun: number;
  /** Successful logins (all phases together) before the memory reading. */
  loginsBeforeRss: number;
  meConnections: number;
  meSecondsPerRun: number;
  tokens: number;
  hashSamples: number;
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
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error(`BENCH_PORT must be a port, got ${env.BENCH_PORT}`);
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
  return {
    runs,
    serverEnv,
    skipBuild: flag("--skip-build"),
    quick,
    cpuProf: flag("--cpu-prof"),
    // A quick run is a smoke test: its figures are not the ones to keep.
    write: !flag("--no-write") && !quick,
    databaseServerUrl,
    redisUrl: env.BENCH_REDIS_URL === undefined ? "redis://127.0.0.1:6379" : env.BENCH_REDIS_URL || undefined,
    port,
    distDir: env.BENCH_DIST_DIR || ".next-bench",
    users: quick ? 2_000 : 10_000,
    loginConnections: 8,
    loginsPerRun: quick ? 300 : 1_500,
    loginsBeforeRss: quick ? 1_000 : 10_000,
    meConnections: 32,
    meSecondsPerRun: quick ? 4 : 10,
    tokens: 64,
    hashSamples: 30,
  };
}
