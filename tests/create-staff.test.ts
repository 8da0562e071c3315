import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { registerUser } from "@/lib/accounts/register";
import { resetConfigForTests } from "@/lib/config";
import { closeDb, getDb, type Db } from "@/lib/db";
import { createTestDb } from "./helpers/test-db";

/**
 * `npm run create-staff` as a user runs it: a child process, against the database the
 * environment names (a fresh PostgreSQL database in server mode, else an embedded one).
 */
const dataDir = mkdtempSync(path.join(".test-output", "create-staff-"));
const server = await createTestDb();
/** Where these sign-ups come from, as sessions and events record it. */
const cli = { ip: "127.0.0.1", userAgent: "test" };
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

/**
 * Runs `fn` on the database the command uses, opened as the command opens it, then closes it
 * again (an embedded database is opened by one process at a time).
 */
async function onCommandDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  Object.assign(process.env, { DATA_DIR: dataDir, DATABASE_URL: server.databaseUrl ?? "" });
  resetConfigForTests();
  try {
    return await fn(await getDb());
  } finally {
    await closeDb();
  }
}

const userRow = (username: string) =>
  onCommandDb((db) =>
    db.user.findFirstOrThrow({
      where: { username },
      select: { isStaff: true, phoneNumber: true, email: true, passwordHash: true },
    }),
  );

// Each case starts tsx processes (and may open the embedded database): slow on a busy machine.
describe("npm run create-staff", { timeout: 120_000 }, () => {
  it("creates a staff user, then reports it as staff already", async () => {
    const created = createStaff("--username", "Boss", "--phone", "(212) 555-0110", "--password", "steady-lamp-0110");
    expect(created.code, created.out).toBe(0);
    expect(created.out).toMatch(/created staff user Boss/);
    // Recorded like any new account: the overview counts it and webhooks announce it.
    const events = await onCommandDb((db) =>
      db.securityEvent.findMany({ where: { user: { username: "Boss" } }, select: { type: true, detail: true } }),
    );
    expect(events).toEqual([{ type: "sign_up", detail: { by: "command_line" } }]);
    const again = createStaff("--username", "boss", "--phone", "(212) 555-0110", "--password", "steady-lamp-0110");
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/already staff/);
  });

  it("exits non-zero naming a phone number another account has", async () => {
    await onCommandDb(() =>
      registerUser({ username: "phone_owner", phoneNumber: "(212) 555-0114", password: "steady-lamp-0114" }, cli),
    );
    const taken = createStaff("--username", "newcomer", "--phone", "(212) 555-0114", "--password", "steady-lamp-0115");
    expect(taken.code).toBe(1);
    expect(taken.out).toMatch(/--phone: This phone number is already registered\./);
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

  it("promotes an existing user with --username alone, changing nothing else", async () => {
    await onCommandDb(() =>
      registerUser({ username: "member_one", phoneNumber: "(212) 555-0112", password: "steady-lamp-0112" }, cli),
    );
    const before = await userRow("member_one");
    expect(before.isStaff).toBe(false);

    const promoted = createStaff("--username", "Member_One");
    expect(promoted.code, promoted.out).toBe(0);
    expect(promoted.out).toMatch(/promoted to staff: member_one/);
    expect(promoted.out).not.toMatch(/note:|missing/);
    expect(await userRow("member_one")).toEqual({ ...before, isStaff: true });
  });

  it("ignores --phone, --password and --email of an existing user, and says so", async () => {
    await onCommandDb(() =>
      registerUser({ username: "member_two", phoneNumber: "(212) 555-0113", password: "steady-lamp-0113" }, cli),
    );
    const before = await userRow("member_two");

    const args = ["--phone", "(212) 555-0199", "--password", "other-lamp-0199", "--email", "two@example.com"];
    const promoted = createStaff("--username", "member_two", ...args);
    expect(promoted.code, promoted.out).toBe(0);
    expect(promoted.out).toMatch(/promoted to staff: member_two/);
    expect(promoted.out).toMatch(/note: --phone, --password, --email ignored: member_two already exists/);
    expect(promoted.out).toMatch(/password reset/);
    expect(await userRow("member_two")).toEqual({ ...before, isStaff: true });
  });

  it("says only the length rule for a short username", () => {
    const short = createStaff("--username", "ab", "--phone", "(212) 555-0114", "--password", "steady-lamp-0114");
    expect(short.code).toBe(1);
    expect(short.out).toMatch(/^--username: Use at least 3 characters\.$/m);
    expect(short.out).not.toMatch(/Use only/);
  });
});
