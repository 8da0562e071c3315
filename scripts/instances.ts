/**
 * npm run instances [-- --base-port 3001] [--count 3]
 *
 * Starts several production servers (server.mjs, as `npm start` runs it) of the existing build on 127.0.0.1, ports
 * base-port… (3001–3003 by default), sharing one PostgreSQL database and one rate-limit store,
 * waits until /api/health answers 200 on every one, and stops them all on Ctrl-C / SIGTERM.
 *
 *   DATABASE_URL          required: PostgreSQL shared by all instances
 *   NEXT_DIST_DIR         the build to run (default .next; build it with npm run build)
 *   UPSTASH_REDIS_REST_URL / _TOKEN   a shared Upstash endpoint; unset: an Upstash REST bridge
 *                         runs in this process, over REDIS_URL (default redis://127.0.0.1:6379)
 *   AUTH_SECRET           shared by all instances; unset: one is generated for this run
 *   Any other variable of the app (SMTP_URL, TRUST_PROXY_HEADERS, …) is passed to every instance.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { assertUsable, startInstances, type Instances } from "./instances-lib";

const USAGE = "usage: npm run instances -- [--base-port 3001] [--count 3]";

function ports(): number[] {
  const { values } = parseArgs({
    options: { "base-port": { type: "string" }, count: { type: "string" } },
    strict: true,
  });
  const base = Number(values["base-port"] ?? 3001);
  const count = Number(values.count ?? 3);
  if (!Number.isInteger(count) || count < 1 || count > 16)
    throw new Error(`--count must be 1…16, got ${values.count}\n${USAGE}`);
  if (!Number.isInteger(base) || base < 1 || base + count - 1 > 65_535)
    throw new Error(`--base-port must be a port, got ${values["base-port"]}\n${USAGE}`);
  return Array.from({ length: count }, (_, i) => base + i);
}

/**
 * `npm run` answers SIGTERM by ending its shell, which does not pass the signal on to tsx and
 * this process. So the processes that launched us (npm, sh, tsx; Linux only) are watched, and
 * when one of them is gone the instances are stopped rather than left running. An interactive
 * shell above them is not watched: `nohup npm run instances &` may outlive it.
 */
function watchLaunchers(onGone: () => void): void {
  const stat = (pid: number) => {
    try {
      const text = readFileSync(`/proc/${pid}/stat`, "utf8");
      const comm = text.slice(text.indexOf("(") + 1, text.lastIndexOf(")"));
      return { comm, ppid: Number(text.slice(text.lastIndexOf(")") + 2).split(" ")[1]) };
    } catch {
      return undefined;
    }
  };
  const parentOf = (pid: number) => stat(pid)?.ppid;
  const launchers: number[] = [];
  for (
    let pid = parentOf(process.pid);
    pid && pid > 1 && /^(npm|sh|node|tsx)\b/.test(stat(pid)?.comm ?? "");
    pid = parentOf(pid)
  ) {
    launchers.push(pid);
  }
  const chainOf = () => launchers.map(parentOf);
  const expected = chainOf().join();
  setInterval(() => chainOf().join() !== expected && onGone(), 1_000).unref();
}

async function main(): Promise<void> {
  const env = process.env;
  const distDir = env.NEXT_DIST_DIR?.trim() || ".next";
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  const wanted = ports();
  assertUsable({ distDir, databaseUrl });
  const secret = env.AUTH_SECRET?.trim();
  if (!secret)
    console.log("AUTH_SECRET is not set: using one generated for this run (tokens will not survive a restart).");
  const upstashUrl = env.UPSTASH_REDIS_REST_URL?.trim();
  const upstashToken = env.UPSTASH_REDIS_REST_TOKEN?.trim();
  if (Boolean(upstashUrl) !== Boolean(upstashToken))
    throw new Error("UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN must be set together");

  // Set once they are up; a signal may come before that.
  const running: { instances?: Instances } = {};
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the instances…`);
    await running.instances?.stop();
    // Still starting: exiting kills the process groups already spawned (instances-lib.ts).
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
  watchLaunchers(() => void stop("launcher gone"));

  console.log(`starting ${wanted.length} instances of the build in ${distDir}/ …`);
  const instances = (running.instances = await startInstances({
    distDir,
    ports: wanted,
    databaseUrl,
    upstash: upstashUrl && upstashToken ? { url: upstashUrl, token: upstashToken } : undefined,
    bridgeRedis: env.REDIS_URL?.trim() || "redis://127.0.0.1:6379",
    env: { AUTH_SECRET: secret || randomBytes(32).toString("base64url") },
    logDir: ".data/instances",
  }));
  if (stopping) return;
  const database = new URL(databaseUrl!);
  database.password = database.password ? "***" : "";
  console.log(`all healthy, sharing PostgreSQL ${database} and rate limits in ${instances.store}:`);
  instances.urls.forEach((url, i) => console.log(`  ${url}   pid ${instances.pids[i]}, log ${instances.logFiles[i]}`));
  console.log("Ctrl-C stops them all.");
}

main().catch((error: unknown) => {
  console.error(`instances: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
