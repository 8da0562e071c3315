import { execFile, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { createConnection } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { freePort } from "./ports";

/**
 * A PostgreSQL cluster and a Redis of one test file's own, so fault tests can stop and restart
 * them without disturbing other test files (or anyone else's services on this machine).
 * Each is torn down by destroy(), and killed on process exit if a test died before that.
 */

const run = promisify(execFile);
const PG_BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";

export const hasPostgres = existsSync(path.join(PG_BIN, "initdb")) && existsSync(path.join(PG_BIN, "pg_ctl"));
const REDIS_SERVER = process.env.REDIS_SERVER_BIN ?? "redis-server";
export const hasRedisServer = spawnSync(REDIS_SERVER, ["--version"]).status === 0;

/** Rejects if `promise` has not settled within `ms`: a guard against hanging requests, not a benchmark. */
export function settlesWithin<T>(promise: Promise<T>, ms = 8_000, what = "request"): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} still pending after ${ms} ms`)), ms);
  });
  return Promise.race([promise, hang]).finally(() => clearTimeout(timer));
}

export type PrivateService = { url: string; stop(): Promise<void>; start(): Promise<void>; destroy(): Promise<void> };

// PostgreSQL refuses to run as root: run its tools as the postgres user then.
const asRoot = process.getuid?.() === 0;
const pgTool = (tool: string, args: string[]) =>
  asRoot
    ? run("runuser", ["-u", "postgres", "--", path.join(PG_BIN, tool), ...args])
    : run(path.join(PG_BIN, tool), args);

/** initdb + pg_ctl start on a free port, trust auth, user postgres, in .test-output/. */
export async function startPrivatePostgres(): Promise<PrivateService> {
  const dir = path.resolve(".test-output", `faults-pg-${randomBytes(4).toString("hex")}`);
  const data = path.join(dir, "data");
  await mkdir(dir, { recursive: true });
  if (asRoot) await run("chown", ["postgres:", dir]);
  const port = await freePort();
  await pgTool("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C"]);
  // A test cluster: durability off, little memory. -l: without a log file the server would keep
  // our stdout pipe open and pg_ctl's caller would never see it finish.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=16MB -c max_connections=40`;
  const start = async () =>
    void (await pgTool("pg_ctl", ["-D", data, "-l", path.join(dir, "log"), "-o", options, "-w", "start"]));
  const stop = async () => void (await pgTool("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]));
  const kill = () => {
    const args = ["-D", data, "-m", "immediate", "stop"];
    if (asRoot) spawnSync("runuser", ["-u", "postgres", "--", path.join(PG_BIN, "pg_ctl"), ...args]);
    else spawnSync(path.join(PG_BIN, "pg_ctl"), args);
  };
  process.once("exit", kill);
  await start();
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    async destroy() {
      process.off("exit", kill);
      kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Resolves once something on `port` answers PING with PONG. */
async function waitForPong(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: "127.0.0.1" }, () => socket.write("PING\r\n"));
      socket.setTimeout(500, () => socket.destroy());
      socket.once("data", (chunk) => (socket.destroy(), resolve(chunk.toString().startsWith("+PONG"))));
      socket.once("error", () => resolve(false));
      socket.once("close", () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not start`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A redis-server child on a free port, nothing persisted; start() brings it back on the same port. */
export async function startPrivateRedis(): Promise<PrivateService> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const kill = () => child?.kill("SIGKILL");
  process.once("exit", kill);
  const start = async () => {
    if (child) return;
    child = spawn(REDIS_SERVER, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
      stdio: "ignore",
    });
    // A failed spawn shows as waitForPong's timeout; unheard, the event would crash the worker.
    child.on("error", () => undefined);
    await waitForPong(port);
  };
  const stop = async () => {
    const stopping = child;
    child = undefined;
    if (!stopping || stopping.exitCode !== null) return;
    const exited = once(stopping, "exit");
    stopping.kill("SIGTERM");
    await exited;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    start,
    stop,
    async destroy() {
      process.off("exit", kill);
      await stop();
    },
  };
}
