import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { existsSync, mkdirSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { startEnvironment } from "../bench/start-options";
import { createBridgeRedis, startBridge } from "../tools/upstash-bridge/bridge";
import { spawnServer, waitForHealth } from "./instance-process";

/**
 * Several production servers (server.mjs, as `npm start` runs it) of one build, sharing one PostgreSQL database and
 * one Upstash(-REST) store, as stateless instances behind a load balancer do. Used by
 * `npm run instances` and by e2e/instances.spec.ts.
 */

export type InstancesOptions = {
  distDir: string;
  ports: number[];
  databaseUrl: string | undefined;
  /** A shared Upstash endpoint; without it an Upstash REST bridge runs in this process, over `bridgeRedis`. */
  upstash?: { url: string; token: string };
  /** The Redis behind that bridge. One of the two is required: each instance's memory store would count on its own. */
  bridgeRedis?: string;
  /** The same for every instance (AUTH_SECRET must be, or tokens would not travel). */
  env: Record<string, string>;
  logDir: string;
};

export type Instances = { urls: string[]; pids: number[]; logFiles: string[]; store: string; stop(): Promise<void> };

export function assertUsable(options: Pick<InstancesOptions, "distDir" | "databaseUrl">): void {
  if (!existsSync(path.join(options.distDir, "BUILD_ID"))) {
    throw new Error(
      `No production build in ${options.distDir}/ (no BUILD_ID). Build it first: NEXT_DIST_DIR=${options.distDir} npm run build`,
    );
  }
  if (!options.databaseUrl) {
    throw new Error(
      "DATABASE_URL is required: the instances must share one PostgreSQL database. The embedded " +
        "database used without it (PGlite) cannot be shared between processes: only one may open its data directory.",
    );
  }
}

export async function startInstances(options: InstancesOptions): Promise<Instances> {
  assertUsable(options);
  await Promise.all(options.ports.map(assertPortFree));
  mkdirSync(options.logDir, { recursive: true });
  const shared = await sharedStore(options);
  // All at once, on purpose: start-up migrates under an advisory lock, so they may race for it.
  const servers = options.ports.map((port) =>
    spawnServer(options.distDir, port, path.join(options.logDir, `instance-${port}.log`), {
      // As `npm start` runs Next (e.g. with a V8 heap cap); options.env may override it.
      ...startEnvironment(),
      ...options.env,
      DATABASE_URL: options.databaseUrl!,
      UPSTASH_REDIS_REST_URL: shared.url,
      UPSTASH_REDIS_REST_TOKEN: shared.token,
    }),
  );
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await Promise.all(servers.map((server) => server.stop()));
      await shared.close();
    })());
  const health = await Promise.allSettled(servers.map((server) => waitForHealth(server)));
  const failed = health.flatMap((result, i) =>
    result.status === "rejected"
      ? [`${servers[i].url}: ${(result.reason as Error).message} (log: ${servers[i].logFile})`]
      : [],
  );
  if (failed.length > 0) {
    await stop();
    throw new Error(`instances did not start:\n  ${failed.join("\n  ")}`);
  }
  return {
    urls: servers.map((s) => s.url),
    pids: servers.map((s) => s.pid),
    logFiles: servers.map((s) => s.logFile),
    store: shared.kind,
    stop,
  };
}

type SharedStore = { url: string; token: string; kind: string; close(): Promise<void> };

async function sharedStore(options: InstancesOptions): Promise<SharedStore> {
  if (options.upstash) return { ...options.upstash, kind: `Upstash at ${options.upstash.url}`, close: async () => {} };
  if (!options.bridgeRedis) {
    throw new Error(
      "instances need one shared rate-limit store: give an Upstash endpoint or a Redis URL for the bridge",
    );
  }
  const redis = createBridgeRedis(options.bridgeRedis);
  const token = randomBytes(16).toString("hex");
  try {
    const bridge = await startBridge({ token, redis, readyTimeoutMs: 5_000 });
    const where = options.bridgeRedis.replace(/\/\/[^@]*@/, "//***@");
    return {
      url: bridge.url,
      token,
      kind: `Upstash REST bridge ${bridge.url} (in this process) → ${where}`,
      async close() {
        await bridge.close();
        redis.disconnect();
      },
    };
  } catch (error) {
    redis.disconnect();
    throw error;
  }
}

async function assertPortFree(port: number): Promise<void> {
  const probe = createServer();
  probe.listen(port, "127.0.0.1");
  try {
    await once(probe, "listening");
  } catch (error) {
    throw new Error(`port ${port} is not free (${(error as NodeJS.ErrnoException).code}); choose other ports`);
  }
  probe.close();
  await once(probe, "close");
}
