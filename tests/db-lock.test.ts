import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { resetConfigForTests } from "@/lib/config";
import { closeDb, getDb, pingDb } from "@/lib/db";
import { openEmbeddedDatabase } from "@/lib/db/embedded";
import { DatabaseInUseError } from "@/lib/db/lock";

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "accounts-db-lock-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A pid that certainly belongs to no running process: one that has just exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ["-e", ""]).pid!;
}

/** Another process that opens the embedded database through getDb() and keeps it open. */
function openInChild(dataDir: string): Promise<ChildProcess> {
  const code = `const { getDb } = await import(${JSON.stringify(path.resolve("lib/db.ts"))});
    await (await getDb()).user.count(); console.log("open"); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "", LOG_LEVEL: "silent" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("open") && resolve(child));
    child.on("exit", (code) => reject(new Error(`child exited early with ${code}`)));
  });
}

describe("embedded database lock", () => {
  it("refuses a second opener while the first has it open, and persists data across opens", async () => {
    const dir = tempDir();
    const first = await openEmbeddedDatabase(dir);
    const error = await openEmbeddedDatabase(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseInUseError);
    expect(String(error)).toContain(`in use by process ${process.pid}`);
    expect(String(error)).toContain("stop it or set DATABASE_URL");
    await first.pglite.exec(`CREATE TABLE kept (x int); INSERT INTO kept VALUES (1);`);
    await first.close();
    expect(existsSync(path.join(dir, "pglite.lock"))).toBe(false);

    const second = await openEmbeddedDatabase(dir);
    expect(second.migrated.applied).toEqual([]); // migrated by the first open
    expect((await second.pglite.query("SELECT x FROM kept")).rows).toEqual([{ x: 1 }]);
    await second.close();
  });

  it("takes over a stale lock left by a process that died", async () => {
    const dir = tempDir();
    const pid = deadPid();
    writeFileSync(path.join(dir, "pglite.lock"), `${pid}\ncrashed earlier\n`);
    const db = await openEmbeddedDatabase(dir);
    expect(readFileSync(path.join(dir, "pglite.lock"), "utf8").split("\n")[0]).toBe(String(process.pid));
    await db.close();
  });

  it("refuses while another process has it open, and frees it when that process is stopped", async () => {
    const dir = tempDir();
    const child = await openInChild(dir);
    try {
      await expect(openEmbeddedDatabase(dir)).rejects.toThrow(`in use by process ${child.pid}`);
    } finally {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    expect(existsSync(path.join(dir, "pglite.lock"))).toBe(false); // closed and released on SIGTERM
    const db = await openEmbeddedDatabase(dir);
    await db.close();
  }, 60_000);
});

describe("getDb (embedded)", () => {
  it("opens once, answers pings, and closes with closeDb", async () => {
    const dir = tempDir();
    const saved = { DATA_DIR: process.env.DATA_DIR, DATABASE_URL: process.env.DATABASE_URL };
    process.env.DATA_DIR = dir;
    delete process.env.DATABASE_URL;
    resetConfigForTests();
    try {
      const [a, b] = await Promise.all([getDb(), getDb()]);
      expect(a).toBe(b);
      await pingDb();
      expect(await a.user.count()).toBe(0);
      expect(existsSync(path.join(dir, "pglite.lock"))).toBe(true);
      await closeDb();
      expect(existsSync(path.join(dir, "pglite.lock"))).toBe(false);
    } finally {
      await closeDb();
      Object.assign(process.env, saved);
      if (saved.DATABASE_URL === undefined) delete process.env.DATABASE_URL;
      resetConfigForTests();
    }
  });
});
