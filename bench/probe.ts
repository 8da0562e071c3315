import "./env";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { cleanUp, log, setUp, wasInterrupted } from "./environment";
import { okPerSecond } from "./measure";
import { parseOptions } from "./options";
import { machine, treeMemory } from "./proc";
import { profileReport } from "./report";

/**
 * For investigating, not for the record: the bench's set-up (fresh database, real store, the
 * built server), then GET load on any routes, each with a bearer token, printing throughput,
 * latency and CPU per request of every party. Nothing is written to docs/.
 *
 *   tsx bench/probe.ts [--runs 3] [--seconds 8] [--connections 32] [--logins N] [--cpu-prof] [--env KEY=VALUE]… [path…]
 *
 * --logins N: first, `runs` login runs of N requests each (concurrency 8), as in the bench.
 *
 * e.g. compare the route against a build that has a bare route handler in it, or start the
 * server with --env UV_THREADPOOL_SIZE=2.
 */

const argv = process.argv.slice(2);
const take = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv.splice(i, 2)[1] : undefined;
};
const runs = Number(take("--runs") ?? 3);
const seconds = Number(take("--seconds") ?? 8);
const connections = Number(take("--connections") ?? 32);
const logins = Number(take("--logins") ?? 0);
const options = { ...parseOptions(argv, process.env), users: 2_000, meConnections: connections, loginsPerRun: logins };
const paths = argv.filter((arg, i) => arg.startsWith("/") && argv[i - 1] !== "--env");

async function main(): Promise<void> {
  const { bench, profDir, server } = await setUp(options, machine().cores, options.serverEnv);
  const rss = () => treeMemory(server.pid).reduce((a, p) => a + p.rssMiB, 0).toFixed(0);
  // A build may carry an investigation route that reports process.memoryUsage(); most do not.
  const heap = async () => {
    const response = await fetch(`${server.url}/api/bench/mem`).catch(() => undefined);
    return response?.ok ? ` ${JSON.stringify(await response.json())}` : "";
  };
  log(`RSS ${rss()} MiB${await heap()} at start`);
  const tokens = await bench.tokens(options.tokens);
  for (let i = 1; logins > 0 && i <= runs; i++) {
    const m = await bench.loginRun();
    const per = (ms: number) => (ms / m.completed).toFixed(2);
    log(
      `login c=8 run ${i}: ${okPerSecond(m).toFixed(1)} logins/s, verify ${m.hash.medianMs.toFixed(1)} ms (CPU ${m.hash.cpuMsPerVerify.toFixed(1)}), efficiency ${m.efficiency.toFixed(3)}` +
        `  RSS ${rss()} MiB${await heap()}  ms/login: server ${per(m.cpu.serverMs)} (main thread ${per(m.cpu.serverMainMs)}, sys ${per(m.cpu.serverSysMs)}) pg ${per(m.cpu.postgresMs)} bridge ${per(m.cpu.benchMs)} gen ${per(m.cpu.loadGenMs)} redis ${per(m.cpu.redisMs)}  others ${((m.cpu.othersMs / m.cpu.wallMs) * 100).toFixed(0)}%`,
    );
  }
  const routes = paths.length || logins ? paths : ["/api/auth/me"];
  for (const route of routes) await bench.me(tokens, 2, 2_000, route); // warm-up
  for (const route of routes) {
    for (let i = 1; i <= runs; i++) {
      const m = await bench.me(tokens, seconds, 1_000_000, route);
      const per = (ms: number) => ((ms / m.completed) * 1000).toFixed(0).padStart(5);
      const statuses = Object.entries(m.statusCounts).map(([code, n]) => `${n}×${code}`).join(" ");
      log(
        `${route} c=${connections} run ${i}: ${okPerSecond(m).toFixed(0).padStart(5)} req/s  p50 ${m.latencyMs.p50.toFixed(1)} p99 ${m.latencyMs.p99.toFixed(1)} ms` +
          `  µs/req: server ${per(m.cpu.serverMs)} (main ${per(m.cpu.serverMainMs)}, sys ${per(m.cpu.serverSysMs)}) pg ${per(m.cpu.postgresMs)} gen ${per(m.cpu.loadGenMs)}  others ${((m.cpu.othersMs / m.cpu.wallMs) * 100).toFixed(0)}%  [${statuses}]`,
      );
    }
  }
  await cleanUp();
  if (profDir && existsSync(profDir)) for (const file of readdirSync(profDir)) console.log(profileReport(path.join(profDir, file)));
}

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    if (!wasInterrupted()) console.error(`probe failed: ${error instanceof Error ? error.stack : error}`);
    await cleanUp();
    process.exit(1);
  },
);
