import "./env";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { cleanUp, log, setUp, wasInterrupted } from "./environment";
import { okPerSecond, perRequest } from "./measure";
import { parseOptions } from "./options";
import { treeMemory } from "./proc";
import { summarize, type Profile } from "./profile-summary";
import { describeBuild } from "./server";

/**
 * For investigating, not for the record: the bench's set-up (fresh database, real store, the
 * built server), then GET load on any routes, each with a bearer token, printing throughput,
 * latency and CPU per request of every party. Nothing is written to docs/.
 *
 *   tsx bench/probe.ts [--runs 3] [--seconds 8] [--connections 32] [--login-seconds S] [--cpu-prof] [--env KEY=VALUE]… [path…]
 *
 * --login-seconds S: first, `runs` login runs of S seconds each (concurrency 8), as in the bench.
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
const loginSeconds = Number(take("--login-seconds") ?? 0);
const options = { ...parseOptions(argv, process.env), users: 2_000 };
const paths = argv.filter((arg, i) => arg.startsWith("/") && argv[i - 1] !== "--env");

async function main(): Promise<void> {
  const {
    servers: [{ bench, profDir, server }],
  } = await setUp(options, [describeBuild("now", ".", options.distDir)]);
  const rss = () =>
    treeMemory(server.pid)
      .reduce((a, p) => a + p.rssMiB, 0)
      .toFixed(0);
  // A build may carry an investigation route that reports process.memoryUsage(); most do not.
  const heap = async () => {
    const response = await fetch(`${server.url}/api/bench/mem`).catch(() => undefined);
    return response?.ok ? ` ${JSON.stringify(await response.json())}` : "";
  };
  log(`RSS ${rss()} MiB${await heap()} at start`);
  const tokens = await bench.tokens(options.tokens);
  for (let i = 1; loginSeconds > 0 && i <= runs; i++) {
    const m = await bench.loginRun(8, loginSeconds);
    const per = (ms: number) => perRequest(m, ms).toFixed(2);
    log(
      `login c=8 run ${i}: ${okPerSecond(m).toFixed(1)} logins/s, verify ${m.verify.medianMs.toFixed(1)} ms (CPU ${m.verify.cpuMsPerVerify.toFixed(1)}), ÷ 2 verifies at once ${(okPerSecond(m) / m.parallel.perSecond).toFixed(3)}` +
        `  RSS ${rss()} MiB${await heap()}  ms/login: server ${per(m.cpu.serverMs)} (main thread ${per(m.cpu.serverMainMs)}, sys ${per(m.cpu.serverSysMs)}) pg ${per(m.cpu.postgresMs)} bridge ${per(m.cpu.benchMs)} gen ${per(m.cpu.loadGenMs)} redis ${per(m.cpu.redisMs)}  others ${((m.cpu.othersMs / m.cpu.wallMs) * 100).toFixed(0)}%`,
    );
  }
  const routes = paths.length || loginSeconds ? paths : ["/api/auth/me"];
  for (const route of routes) await bench.me(tokens, connections, 2, route); // warm-up
  for (const route of routes) {
    for (let i = 1; i <= runs; i++) {
      const m = await bench.me(tokens, connections, seconds, route);
      const per = (ms: number) => (perRequest(m, ms) * 1000).toFixed(0).padStart(5);
      const statuses = Object.entries(m.statusCounts)
        .map(([code, n]) => `${n}×${code}`)
        .join(" ");
      log(
        `${route} c=${connections} run ${i}: ${okPerSecond(m).toFixed(0).padStart(5)} req/s  p50 ${m.latencyMs.p50.toFixed(1)} p99 ${m.latencyMs.p99.toFixed(1)} ms` +
          `  µs/req: server ${per(m.cpu.serverMs)} (main ${per(m.cpu.serverMainMs)}, sys ${per(m.cpu.serverSysMs)}) pg ${per(m.cpu.postgresMs)} gen ${per(m.cpu.loadGenMs)}  others ${((m.cpu.othersMs / m.cpu.wallMs) * 100).toFixed(0)}%  [${statuses}]`,
      );
    }
  }
  await cleanUp();
  for (const file of profDir && existsSync(profDir) ? readdirSync(profDir) : []) {
    console.log(
      `\nCPU profile of the server (${file}):\n${summarize(JSON.parse(readFileSync(path.join(profDir!, file), "utf8")) as Profile, 30)}`,
    );
  }
}

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    if (!wasInterrupted()) console.error(`probe failed: ${error instanceof Error ? error.stack : error}`);
    await cleanUp();
    process.exit(1);
  },
);
