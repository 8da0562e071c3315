import { backendPids } from "./fixtures";
import { cpuMsBetween, cpuMsByPid, machineBusyMs, mainThreadCpuMs, pidOf } from "./proc";
import type { Server } from "./server";
import { runWrk, type LoadJob, type LoadResult } from "./wrk";

/**
 * One load run, with the CPU time each party spent on it. On a shared machine the requests per
 * second move with other people's work; CPU milliseconds per request barely do, and they say
 * where the time goes (our server, PostgreSQL, the load generator, the rate-limit bridge).
 */

export type CpuShare = {
  serverMs: number;
  /** The part of serverMs spent in the kernel (sockets, page faults). */
  serverSysMs: number;
  /** The part of serverMs on the main (JavaScript) thread; the rest is other threads (Argon2 in libuv's pool, GC helpers). */
  serverMainMs: number;
  /** The backends serving the bench database (pids found before and after the run). */
  postgresMs: number;
  /** This process: the Upstash bridge (when used) and the bench's own bookkeeping. */
  benchMs: number;
  /** wrk. */
  loadGenMs: number;
  /** redis-server as a whole: other people's tests use it too. */
  redisMs: number;
  /** Busy CPU of the whole machine that none of the above accounts for: other people's work. */
  othersMs: number;
  wallMs: number;
};

export type Measured = LoadResult & { cpu: CpuShare };

export type Target = { server: Server; serverUrl: string; databaseName: string };

const SETTLE_MS = 300;

export async function measure(target: Target, job: Omit<LoadJob, "url">): Promise<Measured> {
  const redisPid = pidOf("redis-server");
  const pgBefore = await backendPids(target.serverUrl, target.databaseName);
  const serverPidsBefore = target.server.treePids();
  const before = {
    server: cpuMsByPid(serverPidsBefore),
    serverSys: cpuMsByPid(serverPidsBefore, true),
    serverMain: mainThreadCpuMs(serverPidsBefore),
    postgres: cpuMsByPid(pgBefore),
    redis: cpuMsByPid(redisPid ? [redisPid] : []),
    bench: process.cpuUsage(),
    busy: machineBusyMs(),
    wall: performance.now(),
  };

  const result = await runWrk({ ...job, url: target.server.url });
  // The requests in flight when wrk stopped are still being served: their CPU belongs to the run
  // (per-request figures divide by the requests sent).
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

  const wallMs = performance.now() - before.wall;
  const busyMs = machineBusyMs() - before.busy;
  const bench = process.cpuUsage(before.bench);
  const pgAfter = await backendPids(target.serverUrl, target.databaseName);
  const serverPids = [...new Set([...serverPidsBefore, ...target.server.treePids()])];
  const cpu = {
    serverMs: cpuMsBetween(before.server, cpuMsByPid(serverPids)),
    serverSysMs: cpuMsBetween(before.serverSys, cpuMsByPid(serverPids, true)),
    serverMainMs: cpuMsBetween(before.serverMain, mainThreadCpuMs(serverPids)),
    postgresMs: cpuMsBetween(before.postgres, cpuMsByPid([...new Set([...pgBefore, ...pgAfter])])),
    benchMs: (bench.user + bench.system) / 1000,
    loadGenMs: result.loadGenCpuMs,
    redisMs: cpuMsBetween(before.redis, cpuMsByPid(redisPid ? [redisPid] : [])),
    othersMs: 0,
    wallMs,
  };
  const ours = cpu.serverMs + cpu.postgresMs + cpu.benchMs + cpu.loadGenMs + cpu.redisMs;
  cpu.othersMs = Math.max(0, busyMs - ours);
  return { ...result, cpu };
}

/** Requests (2xx) per second of a run. */
export const okPerSecond = (m: LoadResult) => m.ok / m.seconds;

/** CPU ms per request sent. */
export const perRequest = (m: LoadResult, ms: number) => ms / Math.max(1, m.sent);

export type Spread = { min: number; median: number; max: number };

export function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { min: sorted[0], median, max: sorted[sorted.length - 1] };
}
