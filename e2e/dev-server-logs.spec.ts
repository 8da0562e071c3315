import { spawn, type ChildProcess } from "node:child_process";
import { rm } from "node:fs/promises";
import path from "node:path";
import { expect as baseExpect, test, type Page } from "@playwright/test";
import { newIdentity } from "./fixtures";
import { mailedCode, RESET_MAIL } from "./mail";

/**
 * `npm run dev`, as a developer runs it, must not print what people type into the forms:
 * after a sign-up, a sign-in and a password reset through the real pages, its terminal output
 * holds neither password nor the reset code. The server is this spec's own (port E2E_PORT+10,
 * its own data and mail directories), not the production build the other specs share. It runs
 * in the e2e run's NEXT_DIST_DIR, where Next keeps a dev server's files apart (in dev/) from the
 * build; a directory of its own would make Next add it to tsconfig.json.
 */

const port = Number(process.env.E2E_PORT ?? 3100) + 10;
const baseURL = `http://localhost:${port}`;
const scratch = path.resolve(`.test-output/dev-server-logs-${port}`);
const mailDir = path.join(scratch, "mail");

// The dev server compiles each page on its first request: slow on a busy machine.
const expect = baseExpect.configure({ timeout: 120_000 });
test.use({ baseURL, navigationTimeout: 180_000, actionTimeout: 60_000 });
test.describe.configure({ timeout: 600_000 });

let server: ChildProcess | undefined;
let output = "";

test.beforeAll(async () => {
  test.setTimeout(300_000);
  await rm(scratch, { recursive: true, force: true });
  server = spawn("npm", ["run", "dev"], {
    // Its own process group, so that stopping it stops npm's children too.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: path.join(scratch, "data"),
      MAIL_DIR: mailDir,
      LOG_LEVEL: "info",
      // Never the developer's database or mail server; mail goes to MAIL_DIR as .eml files.
      DATABASE_URL: "",
      SMTP_URL: "",
      NEXT_TELEMETRY_DISABLED: "1",
      CHECKPOINT_DISABLE: "1",
    },
  });
  server.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  server.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  await untilHealthy(240_000);
});

test.afterEach(async ({}, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus)
    await testInfo.attach("npm run dev output", { body: output, contentType: "text/plain" });
});

test.afterAll(async () => {
  if (!server?.pid) return;
  // All of npm's children, and SIGKILL only for what outlives a minute: Next writes its dev cache
  // while it stops, and one killed part-way may leave the next dev server a broken cache.
  signalGroup(server.pid, "SIGTERM");
  const deadline = Date.now() + 60_000;
  while (signalGroup(server.pid, 0) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
  signalGroup(server.pid, "SIGKILL");
});

/** Sends `signal` to the process group `pid` leads; false when no process of it is left. */
function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
    return false;
  }
}

/** Waits for the dev server to answer /api/health with 200; fails at once if it exits. */
async function untilHealthy(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server?.exitCode !== null) throw new Error(`npm run dev exited (${server?.exitCode}):\n${output}`);
    const signal = AbortSignal.timeout(Math.max(1_000, deadline - Date.now()));
    const status = await fetch(`${baseURL}/api/health`, { signal }).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  throw new Error(`npm run dev did not answer on ${baseURL} within ${timeoutMs / 1000} s:\n${output}`);
}

async function signIn(page: Page, identifier: string, password: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Username or phone").fill(identifier);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/account$/);
}

test("the dev server's output holds no password and no reset code", async ({ page }) => {
  const who = newIdentity();
  const newPassword = `silver-compass-${Date.now() % 100_000}-reef`;

  await page.goto("/sign-up");
  await page.getByLabel("Username").fill(who.username);
  await page.getByLabel("Phone number").fill(who.phoneDisplay);
  await page.getByLabel("Email (optional)").fill(who.email);
  await page.getByLabel("Password", { exact: true }).fill(who.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  await signIn(page, who.username, who.password);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  await page.goto("/forgot-password");
  await page.getByLabel("Email").fill(who.email);
  await page.getByRole("button", { name: "Send code" }).click();
  await expect(page).toHaveURL(/\/reset-password\?/);
  const code = await mailedCode(who.email, RESET_MAIL, { dir: mailDir, timeout: 60_000 });
  await page.getByLabel("Code").fill(code);
  await page.getByLabel("New password").fill(newPassword);
  await page.getByRole("button", { name: "Reset password" }).click();
  await expect(page).toHaveURL(/\/sign-in\?notice=reset$/);

  await signIn(page, who.username, newPassword);

  // The server did log this session (its own log line for the reset mail), so the checks below
  // read real output.
  expect(output).toContain("mail written to");
  const lines = output.split("\n");
  for (const secret of [who.password, newPassword]) expect(lines.filter((line) => line.includes(secret))).toEqual([]);
  const codeAlone = new RegExp(`(?<!\\d)${code}(?!\\d)`);
  expect(lines.filter((line) => codeAlone.test(line))).toEqual([]);
});
