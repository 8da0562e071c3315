import { hashPassword, verifyPassword } from "@/lib/accounts/password-hash";

/**
 * What the password hash alone costs, measured in this process with the app's own parameters
 * (lib/accounts/password-hash.ts): one Argon2id verify at a time (a login's floor at concurrency
 * 1), and verifies in parallel (the most logins per second the machine could do if verifying
 * were the only work: memory-hard verifies side by side slow each other down, so this is below
 * cores ÷ one verify's time).
 */

export type HashTiming = { samples: number; medianMs: number; minMs: number; maxMs: number; cpuMsPerVerify: number };

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
  times.sort((a, b) => a - b);
  const mid = times.length >> 1;
  return {
    samples,
    medianMs: times.length % 2 ? times[mid] : (times[mid - 1] + times[mid]) / 2,
    minMs: times[0],
    maxMs: times[times.length - 1],
    cpuMsPerVerify: (cpu.user + cpu.system) / 1000 / samples,
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
  return { parallel, perSecond: (done / (performance.now() - start)) * 1000, cpuMsPerVerify: (cpu.user + cpu.system) / 1000 / done };
}
