import "./env"; // first: quiets the app modules this process loads
import { existsSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { cleanUp, log, setUp, wasInterrupted, type UnderTest } from "./environment";
import { firstLoadJs } from "./first-load-js";
import { okPerSecond } from "./measure";
import { parseOptions } from "./options";
import { machine } from "./proc";
import { outsideHashMs, report, serialLoginProfile, writeReport, type BuildResults, type Results } from "./report";
import { buildApp, describeBuild, serverCommand } from "./server";

/**
 * npm run bench [-- --compare DIR]: builds the app, starts it against a fresh PostgreSQL
 * database (and, with --compare, the build in DIR beside it, same database, same store, same
 * environment), and measures with wrk, round after round (the servers taking turns, so both see
 * the same machine): GET /api/auth/me at c=32, logins at c=8 and at c=1 next to the password
 * hash's own figures; then memory after 10,000 logins, and first-load JS. Prints the figures
 * and writes them to docs/BENCHMARKS.md. Whatever happens, it stops the servers and drops the
 * database it made. See options.ts.
 */

const argv = process.argv.slice(2);
const options = parseOptions(argv, process.env);
const envSet = [
  "BENCH_DATABASE_URL",
  "BENCH_REDIS_URL",
  "BENCH_PORT",
  "BENCH_DIST_DIR",
  "BENCH_COMPARE_DIST_DIR",
].filter((k) => process.env[k] !== undefined);
const command = `${envSet.map((k) => `${k}=${process.env[k]} `).join("")}npm run bench${argv.length ? ` -- ${argv.join(" ")}` : ""}`;

async function main(): Promise<void> {
  const started = new Date();
  const loadAtStart = os.loadavg();
  const host = machine();

  if (!options.skipBuild) {
    log(`building into ${options.distDir}`);
    buildApp(options.distDir);
  }
  const builds = [describeBuild("now", ".", options.distDir)];
  if (options.compare) builds.push(describeBuild("before", options.compare.checkout, options.compare.distDir));
  const { servers, storeKind } = await setUp(options, builds);
  // Measured in the table's order: before, then now, in every round.
  const order = [...servers].reverse();

  const tokens = new Map<UnderTest, string[]>();
  for (const s of order) {
    log(`${s.build.label}: warming up`);
    s.bench.readMemory("idle, after start-up");
    tokens.set(s, await s.bench.tokens(options.tokens));
    await s.bench.me(tokens.get(s)!, options.meConnections, 3);
    // The first logins after start-up run colder (JIT, pools): not part of any measured run.
    await s.bench.loginsUntil(s.bench.logins + 300);
    s.bench.readMemory("after warm-up");
  }

  const results = new Map<UnderTest, BuildResults>(
    order.map((s) => [
      s,
      {
        build: s.build,
        command: serverCommand(s.build),
        firstLoad: ["/sign-in", "/sign-up"].map((route) =>
          firstLoadJs(route, path.join(s.build.checkout, s.build.distDir)),
        ),
        rounds: [],
        memory: s.bench.memory,
      },
    ]),
  );
  for (let round = 1; round <= options.runs; round++) {
    for (const s of order) {
      const me = await s.bench.me(tokens.get(s)!, options.meConnections, options.meSeconds);
      const logins = await s.bench.loginRun(options.loginConnections, options.loginSeconds);
      const serialLogins = await s.bench.loginRun(1, options.serialLoginSeconds);
      results.get(s)!.rounds.push({ me, logins, serialLogins });
      log(
        `round ${round}, ${s.build.label}: /me ${okPerSecond(me).toFixed(0)} req/s (p99 ${me.latencyMs.p99.toFixed(1)} ms); ` +
          `c=8 ${okPerSecond(logins).toFixed(1)} logins/s (2 verifies ${logins.parallel.perSecond.toFixed(1)}/s); ` +
          `c=1 p50 ${serialLogins.latencyMs.p50.toFixed(2)} ms, verify ${serialLogins.verify.medianMs.toFixed(2)} ms, outside ${outsideHashMs(serialLogins).toFixed(2)} ms`,
      );
    }
  }
  for (const s of order) {
    log(`${s.build.label}: logging in until ${options.loginsBeforeRss} successful logins in all`);
    await s.bench.loginsUntil(options.loginsBeforeRss);
    s.bench.readMemory(`after ${options.loginsBeforeRss.toLocaleString("en-US")} logins`);
  }

  await cleanUp(); // stops the servers: a profiled one writes its profile
  const r: Results = {
    command,
    options,
    started,
    finished: new Date(),
    host,
    storeKind,
    loadAverage: [loadAtStart, os.loadavg()],
    builds: [...results.values()],
  };
  console.log("\n" + report(r));
  const profiled = servers.find((s) => s.profDir && existsSync(s.profDir));
  for (const file of profiled ? readdirSync(profiled.profDir!) : []) {
    console.log(
      serialLoginProfile(
        path.join(profiled!.profDir!, file),
        results.get(profiled!)!.rounds.map((x) => x.serialLogins),
      ),
    );
  }
  if (options.write) writeReport("docs/BENCHMARKS.md", r);
}

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    if (!wasInterrupted()) console.error(`bench failed: ${error instanceof Error ? error.stack : error}`);
    await cleanUp();
    process.exit(1);
  },
);
