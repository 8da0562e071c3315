import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["tests/**/*.test.ts"],
    environment: "node",
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Tests must never see the developer's own .data/ or .mail/.
    env: { DATA_DIR: ".test-output/data", MAIL_DIR: ".test-output/mail", LOG_LEVEL: "silent" },
  },
});
