// Starts the app for Playwright exactly as a user runs it: `npm run build && npm start`.
// First it empties the e2e data and mail directories, so every run starts from a fresh
// embedded database and an empty mailbox. E2E_SKIP_BUILD=1 reuses an existing build.
// Unless SMTP_URL is given, the app sends its mail over real SMTP to a capture server run here,
// which saves each message as MAIL_DIR/captured/*.eml for the specs (e2e/recovery.spec.ts).
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { SMTPServer } from "smtp-server";
import { startOidcProvider } from "./oidc-provider.mjs";

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

async function startMailCapture(dir) {
  let count = 0;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, _session, callback) {
      const chunks = [];
      stream.on("data", (chunk) => chunks.push(chunk));
      stream.on("end", () => {
        // Written whole, then renamed: a spec never reads half a message.
        const file = path.join(dir, `${Date.now()}-${++count}.eml`);
        mkdirSync(dir, { recursive: true });
        writeFileSync(`${file}.part`, Buffer.concat(chunks));
        renameSync(`${file}.part`, file);
        callback();
      });
    },
  });
  await new Promise((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  return `smtp://127.0.0.1:${smtp.server.address().port}`;
}

// A staff user for the staff-console specs, made as an operator makes one, on the fresh database
// and before the server opens it (an embedded database is never opened by two processes).
if (process.env.E2E_STAFF_USERNAME) {
  const { E2E_STAFF_USERNAME: username, E2E_STAFF_PHONE: phone, E2E_STAFF_PASSWORD: password } = process.env;
  const args = [
    "run",
    "--silent",
    "create-staff",
    "--",
    "--username",
    username,
    "--phone",
    phone,
    "--password",
    password,
  ];
  const staff = spawnSync(npm, args, { stdio: "inherit" });
  if (staff.status !== 0) process.exit(staff.status ?? 1);
}

const env = { ...process.env };
if (!env.SMTP_URL && env.MAIL_DIR)
  env.SMTP_URL = await startMailCapture(path.join(path.resolve(env.MAIL_DIR), "captured"));

// A real OpenID Connect provider on loopback, configured as the app's "Test ID" provider
// (e2e/providers.spec.ts signs in with it).
if (!env.AUTH_OIDC_ISSUER && env.APP_URL) {
  const oidc = await startOidcProvider({ redirectUris: [`${env.APP_URL}/api/auth/callback/oidc`] });
  env.AUTH_OIDC_ISSUER = oidc.issuer;
  env.AUTH_OIDC_ID = oidc.clientId;
  env.AUTH_OIDC_SECRET = oidc.clientSecret;
  env.AUTH_OIDC_NAME = "Test ID";
}

const server = spawn(npm, ["start", "--", "-p", port], { stdio: "inherit", env });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
