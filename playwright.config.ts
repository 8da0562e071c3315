import { defineConfig, devices } from "@playwright/test";
import { STAFF } from "./e2e/staff";

const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://localhost:${port}`;
const mailDir = `.test-output/e2e-mail-${port}`;
// e2e/web-server.mjs saves the mail the app sends under MAIL_DIR/captured; specs read it there.
process.env.E2E_CAPTURED_MAIL_DIR = `${mailDir}/captured`;

/**
 * End-to-end tests run against the built app (`npm run build` + `npm start`), in Debian's
 * Chromium at /usr/bin/chromium: Playwright never downloads a browser here (that needs the internet).
 */
export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: process.env.CI ? 1 : 2,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: "list",
  outputDir: ".test-output/playwright",
  use: {
    ...devices["Desktop Chrome"],
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: {
    command: "node e2e/web-server.mjs",
    url: baseURL,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
    // The server's JSON logs (LOG_LEVEL=warn) and the build output: E2E_SERVER_LOGS=1 shows them.
    stdout: process.env.E2E_SERVER_LOGS ? "pipe" : "ignore",
    stderr: "pipe",
    env: {
      E2E_PORT: String(port),
      APP_URL: baseURL,
      AUTH_SECRET: "e2e-test-secret-not-for-production-0123456789",
      LOG_LEVEL: "warn",
      // Each test sends its own X-Forwarded-For (e2e/fixtures.ts): per-IP limits stay per test.
      TRUST_PROXY_HEADERS: "true",
      // e2e/webhooks.spec.ts's receiver listens on this machine's loopback address.
      WEBHOOK_ALLOW_PRIVATE_URLS: "true",
      DATA_DIR: `.test-output/e2e-data-${port}`,
      MAIL_DIR: mailDir,
      NEXT_TELEMETRY_DISABLED: "1",
      CHECKPOINT_DISABLE: "1",
      // Never the developer's own database: E2E_DATABASE_URL or the embedded one ("" = unset).
      DATABASE_URL: process.env.E2E_DATABASE_URL ?? "",
      // Never the developer's own mail server: mail goes to web-server.mjs's capture ("" = unset).
      SMTP_URL: process.env.E2E_SMTP_URL ?? "",
      // web-server.mjs runs `npm run create-staff` with these before starting (e2e/admin.spec.ts).
      E2E_STAFF_USERNAME: STAFF.username,
      E2E_STAFF_PHONE: STAFF.phone,
      E2E_STAFF_PASSWORD: STAFF.password,
    },
  },
});
