import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { diffSchema } from "@/lib/db/diff";
import { filterHandManagedDrops, isEmptyScript } from "@/lib/db/hand-managed";
import { migrationsDir, readMigrations } from "@/lib/db/migrate";

describe("db:diff", () => {
  it("finds no changes between the migrations and schema.prisma, hand-written indexes included", () => {
    // The real script, as `npm run db:diff -- --check` (CI) runs it: exit 1 would print the missing SQL.
    const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/db-diff.ts", "--check"], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain("no changes");
    expect(run.status).toBe(0);
  }, 60_000);

  it("keeps a hand-managed index that Prisma's diff would drop", async () => {
    // An index Prisma can see but the schema does not declare: the engine proposes dropping it.
    const extra = {
      name: "99999999999999_hand_index",
      checksum: "",
      sql: `CREATE INDEX "User_name_hand_idx" ON "User" ("name");`,
    };
    const raw = await diffSchema({
      schemaPath: path.resolve("prisma/schema.prisma"),
      migrationsDir: migrationsDir(),
      migrations: [...readMigrations(), extra],
    });
    expect(raw).toContain(`DROP INDEX "User_name_hand_idx";`);
    const filtered = filterHandManagedDrops(raw, ["User_name_hand_idx"]);
    expect(filtered.removed).toEqual(["User_name_hand_idx"]);
    expect(isEmptyScript(filtered.script)).toBe(true);
    // Without the listing nothing is hidden.
    expect(isEmptyScript(filterHandManagedDrops(raw, []).script)).toBe(false);
  }, 60_000);
});

describe("filterHandManagedDrops", () => {
  it("removes only the drops of listed indexes, with their comments", () => {
    const script = [
      `-- DropIndex\nDROP INDEX "User_username_lower_key";`,
      `-- DropIndex\nDROP INDEX "Other_idx";`,
      `-- AlterTable\nALTER TABLE "User" ADD COLUMN "x" TEXT;`,
    ].join("\n\n");
    const { script: kept, removed } = filterHandManagedDrops(script);
    expect(removed).toEqual(["User_username_lower_key"]);
    expect(kept).toBe(
      `-- DropIndex\nDROP INDEX "Other_idx";\n\n-- AlterTable\nALTER TABLE "User" ADD COLUMN "x" TEXT;`,
    );
  });
});
