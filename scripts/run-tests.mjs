#!/usr/bin/env node
/**
 * `npm test`: typecheck, lint, unit + integration (vitest), end-to-end (Playwright in Chromium),
 * then one closing line "tests: N passed, N failed" for people and CI alike.
 * With TEST_DATABASE_URL / REDIS_URL set, integration tests use those real services;
 * without them, the embedded database and the in-process store.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";

const OUT = ".test-output";
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function step(name, command, args, env = {}) {
  console.log(`\n▶ ${name}: ${command} ${args.join(" ")}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = result.status === 0;
  console.log(`${ok ? "✔" : "✘"} ${name} (${seconds}s)`);
  if (!ok) failures.push(name);
  return ok;
}

function countVitest(file) {
  if (!existsSync(file)) return false;
  const report = JSON.parse(readFileSync(file, "utf8"));
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests;
  totals.skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  return true;
}

function countPlaywright(file) {
  if (!existsSync(file)) return false;
  const { stats } = JSON.parse(readFileSync(file, "utf8"));
  totals.passed += stats.expected + (stats.flaky ?? 0);
  totals.failed += stats.unexpected;
  totals.skipped += stats.skipped;
  return true;
}

step("generate the Prisma client", "npm", ["run", "--silent", "db:generate"]);
step("route types", "npx", ["next", "typegen"]);
step("typecheck", "npx", ["tsc", "--noEmit"]);
step("lint", "npm", ["run", "lint"]);

const vitestJson = `${OUT}/vitest.json`;
step("unit and integration tests", "npx", [
  "vitest",
  "run",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${vitestJson}`,
]);
if (!countVitest(vitestJson)) failures.push("vitest wrote no report");

const playwrightJson = `${OUT}/playwright.json`;
step("end-to-end tests", "npx", ["playwright", "test", "--reporter=list,json"], {
  PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson,
});
if (!countPlaywright(playwrightJson)) failures.push("playwright wrote no report");

console.log("");
if (failures.length > 0) console.log(`Failed steps: ${failures.join(", ")}`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failures.length > 0 || totals.failed > 0 ? 1 : 0);
