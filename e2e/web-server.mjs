// Starts the app for Playwright exactly as a user runs it: `npm run build && npm start`.
// First it empties the e2e data and mail directories, so every run starts from a fresh
// embedded database and an empty mailbox. E2E_SKIP_BUILD=1 reuses an existing build.
import { spawn, spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";

const port = process.env.E2E_PORT ?? "3100";
const scratch = path.resolve(".test-output");

for (const dir of [process.env.DATA_DIR, process.env.MAIL_DIR]) {
  if (!dir) continue;
  const target = path.resolve(dir);
  // Only ever delete inside .test-output/, whatever the environment says.
  if (!target.startsWith(scratch + path.sep)) throw new Error(`refusing to delete ${target}`);
  rmSync(target, { recursive: true, force: true });
}

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
if (process.env.E2E_SKIP_BUILD !== "1") {
  const build = spawnSync(npm, ["run", "build"], { stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const server = spawn(npm, ["start", "--", "-p", port], { stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
