import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDb } from "./helpers/test-db";

/**
 * `npm run create-staff` as a user runs it: a child process, against the database the
 * environment names (a fresh PostgreSQL database in server mode, else an embedded one).
 */
const dataDir = mkdtempSync(path.join(".test-output", "create-staff-"));
const server = await createTestDb();
afterAll(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function createStaff(...args: string[]) {
  const result = spawnSync("npx", ["tsx", "scripts/create-staff.ts", ...args], {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: server.databaseUrl ?? "", LOG_LEVEL: "silent" },
    encoding: "utf8",
  });
  return { code: result.status, out: result.stdout + result.stderr };
}

describe("npm run create-staff", () => {
  it("creates a staff user, then reports it as staff already", async () => {
    const created = createStaff("--username", "Boss", "--phone", "(212) 555-0110", "--password", "steady-lamp-0110");
    expect(created.code, created.out).toBe(0);
    expect(created.out).toMatch(/created staff user Boss/);
    const again = createStaff("--username", "boss", "--phone", "(212) 555-0110", "--password", "steady-lamp-0110");
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/already staff/);
  });

  it("exits non-zero with a clear message on bad input", () => {
    const weak = createStaff("--username", "weakling", "--phone", "(212) 555-0111", "--password", "password1");
    expect(weak.code).toBe(1);
    expect(weak.out).toMatch(/--password: .*common/);
    const badPhone = createStaff("--username", "phoneless", "--phone", "12", "--password", "steady-lamp-0111");
    expect(badPhone.code).toBe(1);
    expect(badPhone.out).toMatch(/--phone: /);
    const missing = createStaff("--username", "nobody");
    expect(missing.code).toBe(2);
    expect(missing.out).toMatch(/missing --phone, --password/);
    const unknown = createStaff("--username", "x", "--bogus", "1");
    expect(unknown.code).toBe(2);
  });
});
