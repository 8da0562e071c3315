import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyMigrations, MigrationError, migrationsDir, readMigrations } from "@/lib/db/migrate";
import { createTestDb, type TestDb } from "./helpers/test-db";

type Row = {
  id: string;
  checksum: string;
  migration_name: string;
  finished_at: Date | null;
  started_at: Date;
  logs: string | null;
  rolled_back_at: Date | null;
  applied_steps_count: number;
};

describe("migration runner", () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb(); // already migrated once
  });
  afterEach(async () => {
    await t.close();
  });

  it("records every migration as Prisma does, checksum = sha256 hex of the file", async () => {
    const rows = await t.sql.query<Row>(`SELECT * FROM "_prisma_migrations" ORDER BY migration_name`);
    const names = readMigrations().map((m) => m.name);
    expect(rows.map((r) => r.migration_name)).toEqual(names);
    for (const row of rows) {
      const file = readFileSync(path.join(migrationsDir(), row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(createHash("sha256").update(file).digest("hex"));
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.finished_at).not.toBeNull();
      expect(new Date(row.finished_at!).getTime()).toBeGreaterThanOrEqual(new Date(row.started_at).getTime());
      expect(row.logs).toBeNull();
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
  });

  it("is idempotent: a second run applies nothing", async () => {
    const result = await applyMigrations(t.sql);
    expect(result).toEqual({ applied: [], unknown: [] });
    const [{ count }] = await t.sql.query<{ count: number }>(`SELECT count(*)::int AS count FROM "_prisma_migrations"`);
    expect(count).toBe(readMigrations().length);
  });

  it("refuses when an applied migration's file was changed", async () => {
    const [first] = readMigrations();
    await t.sql.query(`UPDATE "_prisma_migrations" SET checksum = $1 WHERE migration_name = $2`, [
      "0".repeat(64),
      first.name,
    ]);
    await expect(applyMigrations(t.sql)).rejects.toThrow(
      new RegExp(`Migration ${first.name} was changed after it was applied`),
    );
  });

  it("accepts a file whose only change is CRLF line endings, as Prisma does", async () => {
    const migrations = readMigrations().map((m) => ({ ...m, sql: m.sql.replace(/\n/g, "\r\n"), checksum: "x" }));
    await expect(applyMigrations(t.sql, { migrations })).resolves.toEqual({ applied: [], unknown: [] });
  });

  it("rolls a failing migration back whole and records nothing", async () => {
    const bad = {
      name: "99999999999999_bad",
      checksum: "c".repeat(64),
      sql: `CREATE TABLE "Half" (id int);\nSELECT no_such_function();`,
    };
    const error = await applyMigrations(t.sql, { migrations: [...readMigrations(), bad] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect(String(error)).toMatch(/99999999999999_bad failed and was rolled back/);
    const tables = await t.sql.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'Half'`);
    expect(tables).toHaveLength(0);
    const rows = await t.sql.query(`SELECT 1 FROM "_prisma_migrations" WHERE migration_name = $1`, [bad.name]);
    expect(rows).toHaveLength(0);
  });

  it("refuses while a migration is recorded as failed (e.g. by Prisma's own engine)", async () => {
    await t.sql.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at) VALUES ('f', 'x', '99999999999999_failed', NULL)`,
    );
    await expect(applyMigrations(t.sql)).rejects.toThrow(/99999999999999_failed failed earlier/);
  });

  it("reports migrations the database has but the folder does not", async () => {
    await t.sql.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count) VALUES ('n', 'x', '99999999999999_newer', now(), 1)`,
    );
    await expect(applyMigrations(t.sql)).resolves.toEqual({ applied: [], unknown: ["99999999999999_newer"] });
  });
});
