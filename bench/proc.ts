import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import os from "node:os";

/**
 * What Linux's /proc says about this machine and about processes: the machine description for
 * the report, the memory and CPU time of a process tree, and the whole machine's busy time.
 * CPU time is the figure to trust on a shared machine: throughput moves with other people's
 * load, CPU seconds per request much less.
 */

export type Machine = { cores: number; memoryGiB: number; cpuModel: string; node: string; kernel: string };

export function machine(): Machine {
  const cpuinfo = readFileSync("/proc/cpuinfo", "utf8");
  const models = [...new Set([...cpuinfo.matchAll(/^model name\s*:\s*(.+)$/gm)].map((m) => m[1].trim()))];
  return {
    cores: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    cpuModel: models.join(" + ") || "unknown",
    node: process.version,
    kernel: os.release(),
  };
}

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

type Stat = { pid: number; ppid: number; comm: string; cpuMs: number; sysMs: number };

function readStat(pid: number, file = `/proc/${pid}/stat`): Stat | undefined {
  try {
    const text = readFileSync(file, "utf8");
    // The command name is in parentheses and may itself contain spaces or ')'.
    const close = text.lastIndexOf(")");
    const comm = text.slice(text.indexOf("(") + 1, close);
    const fields = text.slice(close + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime
    const sysMs = (Number(fields[12]) * 1000) / TICKS_PER_SECOND;
    return { pid, ppid: Number(fields[1]), comm, cpuMs: (ticks * 1000) / TICKS_PER_SECOND, sysMs };
  } catch {
    return undefined; // gone since we listed it
  }
}

function allStats(): Stat[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readStat(Number(name)))
    .filter((s): s is Stat => s !== undefined);
}

/** CPU ms of this process's children that have exited and been waited for (utime + stime of each). */
export function childrenCpuMs(): number {
  const text = readFileSync("/proc/self/stat", "utf8");
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / TICKS_PER_SECOND; // cutime + cstime
}

/** `root` and all of its descendants that are alive now. */
export function processTree(root: number): Stat[] {
  const stats = allStats();
  const tree: Stat[] = [];
  const wanted = new Set([root]);
  // Parents are not always listed before their children, so sweep until nothing new joins.
  for (let grew = true; grew;) {
    grew = false;
    for (const s of stats) {
      if (!wanted.has(s.pid) && wanted.has(s.ppid)) {
        wanted.add(s.pid);
        grew = true;
      }
    }
  }
  for (const s of stats) if (wanted.has(s.pid)) tree.push(s);
  return tree;
}

/** CPU milliseconds (or, with `sys`, kernel-mode ms) used so far by each of these pids (those still alive). */
export function cpuMsByPid(pids: number[], sys = false): Map<number, number> {
  const result = new Map<number, number>();
  for (const pid of pids) {
    const stat = readStat(pid);
    if (stat) result.set(pid, sys ? stat.sysMs : stat.cpuMs);
  }
  return result;
}

/**
 * CPU ms used so far by the main thread of each pid (where JavaScript runs); the rest of a
 * process's CPU is its other threads: libuv's pool (Argon2 here), V8's GC helpers, and so on.
 */
export function mainThreadCpuMs(pids: number[]): Map<number, number> {
  const result = new Map<number, number>();
  for (const pid of pids) {
    const stat = readStat(pid, `/proc/${pid}/task/${pid}/stat`);
    if (stat) result.set(pid, stat.cpuMs);
  }
  return result;
}

/** CPU ms used between two snapshots; a pid that appeared in between counts from zero. */
export function cpuMsBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

export type Memory = { pid: number; comm: string; rssMiB: number; peakRssMiB: number };

function statusKiB(pid: number, field: string): number {
  const text = readFileSync(`/proc/${pid}/status`, "utf8");
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(text);
  return match ? Number(match[1]) : 0;
}

/** VmRSS (now) and VmHWM (peak) of every process of the tree. */
export function treeMemory(root: number): Memory[] {
  return processTree(root).flatMap((s) => {
    try {
      return [
        {
          pid: s.pid,
          comm: s.comm,
          rssMiB: statusKiB(s.pid, "VmRSS") / 1024,
          peakRssMiB: statusKiB(s.pid, "VmHWM") / 1024,
        },
      ];
    } catch {
      return [];
    }
  });
}

/** Busy (non-idle) CPU ms of the whole machine, all cores summed, since boot. */
export function machineBusyMs(): number {
  const [, ...values] = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = values.map(Number);
  void idle;
  void iowait;
  return ((user + nice + system + irq + softirq + (steal ?? 0)) * 1000) / TICKS_PER_SECOND;
}

/** The pids of every process named `comm` (e.g. each PostgreSQL backend). */
export function processesNamed(comm: string): number[] {
  return allStats()
    .filter((s) => s.comm === comm)
    .map((s) => s.pid);
}

/** The pid of the first process named `comm` (e.g. redis-server), if any. */
export function pidOf(comm: string): number | undefined {
  return processesNamed(comm)[0];
}
