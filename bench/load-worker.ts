import autocannon from "autocannon";
import { BENCH_PASSWORD, benchIp, benchUsername } from "./ids";

/**
 * The load generator, run in a child process of its own (see load.ts) so that its CPU time is
 * measured apart from the bench's and the server's. Loopback only; bounded by a request count
 * and by a time limit, whichever comes first.
 */

export type Scenario =
  /** POST /api/auth/login as users `u<tag>_<n>`, each request from a new client address. */
  | { kind: "login"; tag: string; userCount: number; firstRequest: number }
  /** GET `path` (e.g. /api/auth/me) with these bearer tokens in turn. */
  | { kind: "get"; path: string; tokens: string[] };

export type LoadJob = { url: string; connections: number; amount: number; maxSeconds: number; scenario: Scenario };

export type LoadResult = {
  completed: number;
  ok: number;
  statusCounts: Record<string, number>;
  errors: number;
  timeouts: number;
  seconds: number;
  stoppedByTime: boolean;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  /** CPU of the generator during the run, and in all (start-up included). */
  loadGenCpuMs: number;
  loadGenTotalCpuMs: number;
};

function request(job: LoadJob): autocannon.Request {
  const { scenario } = job;
  let n = 0;
  if (scenario.kind === "login") {
    return {
      method: "POST",
      path: "/api/auth/login",
      setupRequest(req) {
        const i = scenario.firstRequest + n++;
        const identifier = benchUsername(scenario.tag, (i % scenario.userCount) + 1);
        return {
          ...req,
          headers: { "content-type": "application/json", "x-forwarded-for": benchIp(scenario.tag, i) },
          body: JSON.stringify({ identifier, password: BENCH_PASSWORD }),
        };
      },
    };
  }
  return {
    method: "GET",
    path: scenario.path,
    setupRequest(req) {
      const token = scenario.tokens[n++ % scenario.tokens.length];
      return { ...req, headers: { authorization: `Bearer ${token}` } };
    },
  };
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function run(job: LoadJob): Promise<LoadResult> {
  const latencies: number[] = [];
  const cpuBefore = process.cpuUsage();
  // autocannon notices the end of a fixed amount only at its next 1-second tick and rounds its
  // duration up to it (up to 7 % fewer requests/s for a 13-second run): time it from the responses.
  const startedAt = performance.now();
  let lastResponseAt = startedAt;
  let stoppedByTime = false;
  let finish: (result: autocannon.Result) => void = () => {};
  let fail: (error: unknown) => void = () => {};
  const done = new Promise<autocannon.Result>((resolve, reject) => ((finish = resolve), (fail = reject)));
  const instance = autocannon(
    { url: job.url, connections: job.connections, amount: job.amount, timeout: 30, requests: [request(job)] },
    (error: unknown, result) => (error ? fail(error) : finish(result)),
  );
  instance.on("response", (_client, status, _bytes, ms) => {
    lastResponseAt = performance.now();
    if (status >= 200 && status < 300) latencies.push(ms);
  });
  const timer = setTimeout(() => {
    stoppedByTime = true;
    instance.stop();
  }, job.maxSeconds * 1000);
  const result = await done;
  clearTimeout(timer);
  const cpu = process.cpuUsage(cpuBefore);

  const sorted = Float64Array.from(latencies).sort();
  const statusCounts: Record<string, number> = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [code, stat.count ?? 0]),
  );
  return {
    completed: Object.values(statusCounts).reduce((a, b) => a + b, 0),
    ok: latencies.length,
    statusCounts,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds: (lastResponseAt - startedAt) / 1000,
    stoppedByTime,
    latencyMs: {
      p50: percentile(sorted, 50),
      p90: percentile(sorted, 90),
      p99: percentile(sorted, 99),
      max: sorted.length ? sorted[sorted.length - 1] : NaN,
      mean: latencies.reduce((a, b) => a + b, 0) / (latencies.length || 1),
    },
    loadGenCpuMs: (cpu.user + cpu.system) / 1000,
    loadGenTotalCpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
  };
}

// Child side of load.ts: one job in, one result out.
process.once("message", (job: LoadJob) => {
  run(job).then(
    (result) => process.send?.({ result }, () => process.exit(0)),
    (error: unknown) => process.send?.({ error: String(error) }, () => process.exit(1)),
  );
});
