import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { createDatabase, rateLimitStore, seedUsers } from "./fixtures";
import { stopAllLoad } from "./load";
import type { Options } from "./options";
import { Bench } from "./scenarios";
import { startServer, type Server } from "./server";

/**
 * The world a bench runs in: a fresh database with seeded users, the rate-limit store, and the
 * built app started on its own port. Every step registers its undoing; `cleanUp` runs them in
 * reverse, on success, on failure and on Ctrl-C alike.
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

export const log = (text: string) => console.log(`[bench ${((performance.now() / 1000) | 0).toString().padStart(4)} s] ${text}`);

export type Environment = { tag: string; server: Server; storeKind: string; databaseName: string; bench: Bench; profDir?: string };

export async function setUp(options: Options, cores: number, serverEnv: Record<string, string> = {}): Promise<Environment> {
  const tag = randomBytes(4).toString("hex");
  // The server's secret; this process needs it too, to name the lockout keys it must delete.
  const secret = (process.env.AUTH_SECRET = randomBytes(32).toString("base64url"));

  log(`creating database and ${options.users} users (run tag ${tag})`);
  const database = await createDatabase(options.databaseServerUrl, tag);
  cleanups.push(database.drop);
  const users = await seedUsers(database.url, tag, options.users);
  const store = await rateLimitStore(options.redisUrl, tag, randomBytes(16).toString("hex"));
  cleanups.push(() => store.close(users));
  log(`rate-limit store: ${store.kind}`);

  mkdirSync(".test-output", { recursive: true });
  const profDir = options.cpuProf ? path.resolve(".test-output", `bench-prof-${tag}`) : undefined;
  const server = await startServer({
    distDir: options.distDir,
    port: options.port,
    logFile: path.resolve(".test-output", `bench-server-${tag}.log`),
    nodeArgs: profDir ? ["--cpu-prof", `--cpu-prof-dir=${profDir}`] : [],
    env: { DATABASE_URL: database.url, AUTH_SECRET: secret, TRUST_PROXY_HEADERS: "true", ...store.env, ...serverEnv },
  });
  cleanups.push(() => server.stop());
  log(`server up: ${server.url}, pid ${server.pid} (log: ${server.logFile})`);

  const target = { server, serverUrl: options.databaseServerUrl, databaseName: database.name };
  return { tag, server, storeKind: store.kind, databaseName: database.name, bench: new Bench(target, options, tag, cores), profDir };
}
