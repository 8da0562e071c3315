import { hashPassword, verifyPassword } from "@/lib/accounts/password-hash";

/**
 * What the password hash alone costs, measured in this process with the app's own parameters
 * (lib/accounts/password-hash.ts): one Argon2id verify at a time (a login's floor at concurrency
 * 1), and verifies in parallel (the most logins per second the machine could do if verifying
 * were the only work: memory-hard verifies side by side slow each other down, so this is below
 * cores ÷ one verify's time).
 */

export type HashTiming = {
  samples: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  cpuMsPerVerify: number;
  timesMs: number[];
};

export async function timeVerify(samples = 30): Promise<HashTiming> {
  const password = "ceiling: the same cost as any other password";
  const hash = await hashPassword(password);
  await verifyPassword(hash, password); // warm-up: thread pool, first allocation of 19 MiB
  const times: number[] = [];
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < samples; i++) {
    const start = process.hrtime.bigint();
    if (!(await verifyPassword(hash, password))) throw new Error("verify failed");
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const cpu = process.cpuUsage(cpuBefore);
  return timing(times, (cpu.user + cpu.system) / 1000 / samples);
}

/** Timings taken on either side of a run, as one: the machine's load drifts during it. */
export function mergeTimings(a: HashTiming, b: HashTiming): HashTiming {
  return timing(
    [...a.timesMs, ...b.timesMs],
    (a.cpuMsPerVerify * a.samples + b.cpuMsPerVerify * b.samples) / (a.samples + b.samples),
  );
}

function timing(times: number[], cpuMsPerVerify: number): HashTiming {
  const sorted = [...times].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return {
    samples: sorted.length,
    medianMs: sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2,
    minMs: sorted[0],
    maxMs: sorted[sorted.length - 1],
    cpuMsPerVerify,
    timesMs: sorted,
  };
}

export type ParallelRate = { parallel: number; perSecond: number; cpuMsPerVerify: number };

/**
 * Verifies per second with `parallel` of them in flight for about `seconds`: what the hash alone
 * achieves on all cores at once. Argon2id is memory-hard (19 MiB a verify), so verifies running
 * side by side contend for caches and memory bandwidth; this is the ceiling a server can reach.
 */
export async function parallelVerifyRate(parallel: number, seconds = 3): Promise<ParallelRate> {
  const password = "ceiling: the same cost as any other password";
  const hash = await hashPassword(password);
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const deadline = start + seconds * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (performance.now() < deadline) {
        await verifyPassword(hash, password);
        done++;
      }
    }),
  );
  const cpu = process.cpuUsage(cpuBefore);
  return {
    parallel,
    perSecond: (done / (performance.now() - start)) * 1000,
    cpuMsPerVerify: (cpu.user + cpu.system) / 1000 / done,
  };
}

/** Two equally long measurements, on either side of a run, as one. */
export function mergeRates(a: ParallelRate, b: ParallelRate): ParallelRate {
  return {
    parallel: a.parallel,
    perSecond: (a.perSecond + b.perSecond) / 2,
    cpuMsPerVerify: (a.cpuMsPerVerify + b.cpuMsPerVerify) / 2,
  };
}
