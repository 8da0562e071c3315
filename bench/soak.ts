import "./env"; // first: quiets the app modules this process loads
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { withPgClient } from "@/lib/db/pg-client";
import { cleanUp, log, setUp, wasInterrupted } from "./environment";
import { benchIp } from "./ids";
import { parseOptions } from "./options";
import { machine, treeMemory } from "./proc";
import { buildApp, describeBuild } from "./server";
import { runSoakLoad } from "./soak-load";
import { soakReport, verdict, writeSoakReport, type RssSample } from "./soak-report";
import { startEnvironment } from "./start-options";

/**
 * npm run soak [-- --minutes 5] [--warmup-minutes 1] [--rate 20] [--users 10000] [--skip-build] [--no-write]
 *
 * A bounded soak of one production server (server.mjs) on loopback: a fixed, modest, mixed load (sign-ups, logins,
 * /me, staff searches) for --minutes, with the server's RSS sampled every 10 s. It passes when
 * no request got a 5xx, every sign-up answered 201 is in the database at the end, and RSS grew
 * at most 10 % from the end of the warm-up to the end. Writes its section of docs/RELIABILITY.md
 * whatever the verdict; exits 1 when it fails. Same environment as the bench (bench/options.ts:
 * BENCH_DATABASE_URL, BENCH_REDIS_URL), plus SOAK_PORT (3210) and SOAK_DIST_DIR (.next-soak).
 */

const argv = process.argv.slice(2);
const { values } = parseArgs({
  args: argv,
  strict: true,
  options: {
    minutes: { type: "string", default: "5" },
    "warmup-minutes": { type: "string", default: "1" },
    rate: { type: "string", default: "20" },
    users: { type: "string", default: "10000" },
    "skip-build": { type: "boolean", default: false },
    "no-write": { type: "boolean", default: false },
  },
});
const minutes = Number(values.minutes);
const warmupMinutes = Number(values["warmup-minutes"]);
const rate = Number(values.rate);
if (!(minutes > 0) || !(warmupMinutes >= 0 && warmupMinutes < minutes))
  throw new Error("--minutes must be > 0 and --warmup-minutes shorter than it");
if (!(rate > 0 && rate <= 500)) throw new Error("--rate must be between 0 and 500 requests per second");
const SAMPLE_SECONDS = 10;

const options = {
  ...parseOptions([], process.env),
  // The soak's store stays the Upstash bridge over the local Redis unless told otherwise.
  redisUrl:
    process.env.BENCH_REDIS_URL === undefined ? "redis://127.0.0.1:6379" : process.env.BENCH_REDIS_URL || undefined,
  port: Number(process.env.SOAK_PORT || 3210),
  distDir: process.env.SOAK_DIST_DIR || ".next-soak",
  users: Number(values.users),
  cpuProf: false,
};

/** A staff user made the way an operator makes one, for the searches; returns its password. */
function createStaff(databaseUrl: string): { username: string; password: string } {
  const staff = { username: "soak_staff", phone: "+12025550148", password: "steady-lantern-soak-48" };
  const args = [
    "run",
    "--silent",
    "create-staff",
    "--",
    "--username",
    staff.username,
    "--phone",
    staff.phone,
    "--password",
    staff.password,
  ];
  const result = spawnSync("npm", args, {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "warn" },
  });
  if (result.status !== 0) throw new Error(`npm run create-staff failed (${result.status ?? result.signal})`);
  return staff;
}

async function login(url: string, ip: string, identifier: string, password: string): Promise<string> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": ip },
    body: JSON.stringify({ identifier, password }),
  });
  if (!response.ok) throw new Error(`login of ${identifier} failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

async function main(): Promise<boolean> {
  const started = new Date();
  const loadAtStart = os.loadavg();
  const host = machine();
  if (!values["skip-build"] || !existsSync(path.join(options.distDir, "BUILD_ID"))) {
    log(`building into ${options.distDir}`);
    buildApp(options.distDir);
  }
  // As package.json's start script runs Next (e.g. with a V8 heap cap); said here as well as in
  // bench/server.ts so the report can name it.
  const serverEnv = startEnvironment();
  const {
    servers: [{ server, bench }],
    tag,
    storeKind,
    databaseName,
  } = await setUp(options, [describeBuild("now", ".", options.distDir)]);
  const databaseUrl = Object.assign(new URL(options.databaseServerUrl), { pathname: `/${databaseName}` }).toString();
  const staff = createStaff(databaseUrl);
  const staffToken = await login(server.url, benchIp(tag, 0xfffff), staff.username, staff.password);
  const tokens = await bench.tokens(16);

  log(`soaking: ${rate} requests/s for ${minutes} min, RSS every ${SAMPLE_SECONDS} s`);
  const samples: RssSample[] = [];
  const t0 = performance.now();
  const sample = () => {
    const seconds = Math.round((performance.now() - t0) / 1000);
    // The closing sample replaces a periodic one taken in the same second.
    const again = samples[samples.length - 1]?.seconds === seconds;
    if (again) samples.pop();
    samples.push({ seconds, rssMiB: treeMemory(server.pid).reduce((sum, p) => sum + p.rssMiB, 0) });
    if (seconds % 60 === 0 && !again) log(`${seconds} s: RSS ${samples[samples.length - 1].rssMiB.toFixed(0)} MiB`);
  };
  sample();
  const sampler = setInterval(sample, SAMPLE_SECONDS * 1000);
  const load = await runSoakLoad(
    { url: server.url, tag, users: options.users, staffToken, tokens },
    { rate, seconds: minutes * 60 },
  );
  clearInterval(sampler);
  sample();

  const { rows } = await withPgClient(databaseUrl, (client) =>
    client.query<{ username: string }>(`SELECT "username" FROM "User" WHERE "username" = ANY($1::text[])`, [
      load.registered,
    ]),
  );
  const found = new Set(rows.map((row) => row.username));
  await cleanUp();

  const env = ["SOAK_PORT", "SOAK_DIST_DIR", "BENCH_DATABASE_URL", "BENCH_REDIS_URL"]
    .filter((k) => process.env[k] !== undefined)
    .map((k) => `${k}=${process.env[k]} `);
  const startEnv = Object.entries(serverEnv)
    .map(([key, value]) => `${key}=${value}`)
    .join(" ");
  const heap = startEnv ? `, with the environment package.json's start script sets (\`${startEnv}\`)` : "";
  const results = {
    command: `${env.join("")}npm run soak${argv.length ? ` -- ${argv.join(" ")}` : ""}`,
    started,
    finished: new Date(),
    host,
    loadAverage: [loadAtStart, os.loadavg()] as [number[], number[]],
    setup: `the production server (server.mjs) of the build in \`${options.distDir}\` on 127.0.0.1:${options.port}${heap}; PostgreSQL at ${new URL(options.databaseServerUrl).host} (a fresh database, ${options.users.toLocaleString("en-US")} seeded users, a staff user made by \`npm run create-staff\`); rate-limit store: ${storeKind}; TRUST_PROXY_HEADERS=true. The load comes from this process (fetch), on the same machine.`,
    rate,
    minutes,
    warmupMinutes,
    load,
    samples,
    lost: load.registered.filter((username) => !found.has(username)),
  };
  const markdown = soakReport(results);
  console.log(`\n${markdown}`);
  if (!values["no-write"]) writeSoakReport("docs/RELIABILITY.md", markdown);
  return verdict(results).pass;
}

main().then(
  (pass) => process.exit(pass ? 0 : 1),
  async (error: unknown) => {
    if (!wasInterrupted()) console.error(`soak failed: ${error instanceof Error ? error.stack : error}`);
    await cleanUp();
    process.exit(1);
  },
);
