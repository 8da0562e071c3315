import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { createTestDb, type TestDb } from "./helpers/test-db";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.close();
});

const setting = async (settings?: Record<string, string>) =>
  (
    await t.db.$rawSql.query<{ value: string }>(Prisma.sql`SELECT current_setting('enable_seqscan') AS value`, settings)
  )[0].value;

describe("db.$rawSql (the staff search's way to the database)", () => {
  it("puts planner settings in force for one query and no other", async () => {
    expect(await setting()).toBe("on");
    expect(await setting({ enable_seqscan: "off" })).toBe("off");
    expect(await setting()).toBe("on");
    // Queries of both kinds at once each see their own settings.
    const mixed = await Promise.all(
      Array.from({ length: 12 }, (_, i) => setting(i % 2 ? { enable_seqscan: "off" } : undefined)),
    );
    expect(mixed).toEqual(Array.from({ length: 12 }, (_, i) => (i % 2 ? "off" : "on")));
  });

  it("binds parameters and reads a UTC timestamp as UTC whatever the process's time zone", async () => {
    const zone = process.env.TZ;
    process.env.TZ = "America/New_York";
    try {
      const [row] = await t.db.$rawSql.query<{ at: Date; text: string }>(
        Prisma.sql`SELECT ${"2024-04-01T00:00:00.000Z"}::timestamp(3) AS at, ${"it's"}::text AS text`,
      );
      expect(row.at.toISOString()).toBe("2024-04-01T00:00:00.000Z");
      expect(row.text).toBe("it's");
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });
});
