import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { createDatabase, rateLimitStore, seedUsers } from "./fixtures";
import type { Options } from "./options";
import { Bench } from "./scenarios";
import { serverCommand, startServer, type Build, type Server } from "./server";
import { stopAllLoad } from "./wrk";

/**
 * The world a bench runs in: a fresh database with seeded users, the rate-limit store, and the
 * built app (or two builds, to compare) started on ports of their own. Every step registers its
 * undoing; `cleanUp` runs them in reverse, on success, on failure and on Ctrl-C alike.
 */

const cleanups: Array<() => Promise<void>> = [];
let cleaning: Promise<void> | undefined;

/** Runs once: a second caller (Ctrl-C, then the failure it causes) waits for the same cleanup. */
export function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    stopAllLoad();
    for (const step of cleanups.splice(0).reverse()) {
      await step().catch((error: unknown) => console.error(`cleanup: ${(error as Error).message}`));
    }
  })();
  return cleaning;
}

let interrupted = false;
/** True after Ctrl-C / SIGTERM: the failures that follow (killed load generator) are expected. */
export const wasInterrupted = () => interrupted;

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    interrupted = true;
    console.error(`\n${signal}: cleaning up…`);
    void cleanUp().finally(() => process.exit(130));
  });
}

export const log = (text: string) =>
  console.log(`[bench ${((performance.now() / 1000) | 0).toString().padStart(4)} s] ${text}`);

export type UnderTest = { build: Build; server: Server; bench: Bench; profDir?: string };
export type Environment = { tag: string; storeKind: string; databaseName: string; servers: UnderTest[] };

/** Request numbers of each server start this far apart, so that no client address is used twice. */
const REQUESTS_PER_SERVER = 2 ** 28;

/**
 * The database and the store, then each build started on its own port (`options.port` onwards)
 * with the same environment; only the first (this checkout's) is profiled under --cpu-prof.
 */
export async function setUp(options: Options, builds: Build[]): Promise<Environment> {
  const tag = randomBytes(4).toString("hex");
  // The servers' secret; this process needs it too, to name the lockout keys it must delete.
  const secret = (process.env.AUTH_SECRET = randomBytes(32).toString("base64url"));

  log(`creating database and ${options.users} users (run tag ${tag})`);
  const database = await createDatabase(options.databaseServerUrl, tag);
  cleanups.push(database.drop);
  const users = await seedUsers(database.url, tag, options.users);
  const store = await rateLimitStore(options.redisUrl, tag, randomBytes(16).toString("hex"));
  cleanups.push(() => store.close(users));
  log(`rate-limit store: ${store.kind}`);

  mkdirSync(".test-output", { recursive: true });
  const servers: UnderTest[] = [];
  for (const [i, build] of builds.entries()) {
    const profDir = options.cpuProf && i === 0 ? path.resolve(".test-output", `bench-prof-${tag}`) : undefined;
    const server = await startServer({
      build,
      port: options.port + i,
      logFile: path.resolve(".test-output", `bench-server-${tag}-${build.label}.log`),
      nodeArgs: profDir ? ["--cpu-prof", `--cpu-prof-dir=${profDir}`] : [],
      env: {
        DATABASE_URL: database.url,
        AUTH_SECRET: secret,
        TRUST_PROXY_HEADERS: "true",
        LOG_LEVEL: "warn",
        ...store.env,
        ...options.serverEnv,
      },
    });
    cleanups.push(() => server.stop());
    log(
      `${build.label} (${build.commit}, ${serverCommand(build)}) up: ${server.url}, pid ${server.pid} (log: ${server.logFile})`,
    );
    const target = { server, serverUrl: options.databaseServerUrl, databaseName: database.name };
    servers.push({ build, server, bench: new Bench(target, tag, options.users, i * REQUESTS_PER_SERVER), profDir });
  }
  return { tag, storeKind: store.kind, databaseName: database.name, servers };
}
