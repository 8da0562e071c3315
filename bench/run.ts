import "./env"; // first: quiets the app modules this process loads
import { existsSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { cleanUp, log, setUp, wasInterrupted } from "./environment";
import { firstLoadJs } from "./first-load-js";
import { parseOptions } from "./options";
import { machine } from "./proc";
import { profileReport, report, writeReport, type Results } from "./report";
import type { LoginRun } from "./scenarios";
import { buildApp } from "./server";
import type { Measured } from "./measure";

/**
 * npm run bench: builds the app, starts it as `next start` against a fresh PostgreSQL database
 * and the real rate-limit store, and measures login efficiency, GET /api/auth/me, memory after
 * 10,000 logins and first-load JS. Prints the figures and writes them to docs/BENCHMARKS.md.
 * Whatever happens, it stops the server and drops the database it made. See options.ts.
 */

const options = parseOptions(process.argv.slice(2), process.env);

async function main(): Promise<void> {
  const started = new Date();
  const loadAtStart = os.loadavg();
  const host = machine();

  if (!options.skipBuild) {
    log(`building into ${options.distDir}`);
    buildApp(options.distDir);
  }
  const firstLoad = ["/sign-in", "/sign-up"].map((route) => firstLoadJs(route, options.distDir));

  const { bench, storeKind, profDir } = await setUp(options, host.cores, options.serverEnv);
  bench.readMemory("idle, after start-up");
  const tokens = await bench.tokens(options.tokens);
  log("warming up");
  await bench.me(tokens, 3, 3_000);
  // The first logins after start-up run colder (JIT, pools): not part of any measured run.
  await bench.loginsUntil(bench.logins + options.loginsPerRun / 5);
  bench.readMemory("after warm-up");

  const loginRuns: LoginRun[] = [];
  for (let i = 1; i <= options.runs; i++) {
    const run = await bench.loginRun();
    loginRuns.push(run);
    log(`login run ${i}: ${(run.ok / run.seconds).toFixed(1)} logins/s, ceiling ${run.ceiling.toFixed(1)}/s, efficiency ${run.efficiency.toFixed(3)}`);
  }
  log(`logging in until ${options.loginsBeforeRss} successful logins in all`);
  const soak = await bench.loginsUntil(options.loginsBeforeRss);
  const afterLogins = bench.readMemory(`after ${options.loginsBeforeRss} logins`);
  log(`RSS: ${afterLogins.processes.map((p) => `${p.comm} ${p.rssMiB.toFixed(0)} MiB`).join(", ")}`);

  const meRuns: Measured[] = [];
  for (let i = 1; i <= options.runs; i++) {
    const run = await bench.me(tokens, options.meSecondsPerRun);
    meRuns.push(run);
    log(`/me run ${i}: ${(run.ok / run.seconds).toFixed(0)} req/s, p50 ${run.latencyMs.p50.toFixed(1)} ms, p99 ${run.latencyMs.p99.toFixed(1)} ms`);
  }
  bench.readMemory("after the /me runs");

  await cleanUp();
  const results: Results = {
    options, started, finished: new Date(), host, storeKind, loadAverage: [loadAtStart, os.loadavg()],
    firstLoad, loginRuns, soak, meRuns, memory: bench.memory, logins: bench.logins,
  };
  console.log("\n" + report(results));
  if (profDir && existsSync(profDir)) {
    for (const file of readdirSync(profDir)) console.log(profileReport(path.join(profDir, file)));
  }
  if (options.write) writeReport("docs/BENCHMARKS.md", results);
}

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    if (!wasInterrupted()) console.error(`bench failed: ${error instanceof Error ? error.stack : error}`);
    await cleanUp();
    process.exit(1);
  },
);
