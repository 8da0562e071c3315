import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COUNT_CAP, pageSql, searchUsers } from "@/lib/admin/search";
import { queryWithPlan, roundEstimate, type SearchTuning } from "@/lib/admin/search-plan";
import { Prisma } from "@/lib/generated/prisma/client";
import { userListQuerySchema } from "@/lib/validation/admin";
import { startTestApp, type TestApp } from "./helpers/app";
import { listUsers, staffSession } from "./helpers/admin";

let app: TestApp;
let token: string;
const SEEDED = COUNT_CAP + 50;

beforeAll(async () => {
  app = await startTestApp();
  ({ token } = await staffSession(app));
  await app.db.$executeRaw`
    INSERT INTO "User" ("id", "username", "phoneNumber", "passwordHash", "updatedAt", "dateJoined")
    SELECT 'seed' || i, 'many_' || i, '+1999' || lpad(i::text, 7, '0'), 'x', now(), timestamp '2024-01-01' + i * interval '1 minute'
    FROM generate_series(1, ${SEEDED}::int) AS i`;
  await app.db.$executeRaw`ANALYZE "User"`;
});
afterAll(() => app.close());

describe("GET /api/admin/users: the total of a small table", () => {
  it(`is exact up to ${COUNT_CAP} matches`, async () => {
    const { body } = await listUsers(app, token, { q: "many_1", pageSize: "10" });
    // many_1, many_10…19, many_100…199, many_1000…1999, many_10000…10050
    expect(body).toMatchObject({ total: 1 + 10 + 100 + 1000 + 51, totalCapped: false });
  });

  it(`stops counting past ${COUNT_CAP} and says the total is capped`, async () => {
    const { body } = await listUsers(app, token, { q: "many_", pageSize: "10" });
    expect(body).toMatchObject({ total: COUNT_CAP, totalCapped: true, page: 1, pageSize: 10 });
    expect(body.items).toHaveLength(10);
    expect(body.items[0].username).toBe(`many_${SEEDED}`);
  });

  it("still serves pages far down, and an empty page past the end", async () => {
    const deep = await listUsers(app, token, { q: "many_", sort: "dateJoined", pageSize: "100", page: "101" });
    expect(deep.usernames[0]).toBe("many_10001");
    expect(deep.usernames).toHaveLength(50);
    const past = await listUsers(app, token, { q: "many_", pageSize: "100", page: "500" });
    expect(past.body.items).toEqual([]);
    expect(past.body).toMatchObject({ total: COUNT_CAP, totalCapped: true });
  });
});

// The large-table path, on this small table: tuning says "large", and the sample reads every page.
const large: SearchTuning = { smallTablePages: 0, samplePages: 1e9, exactBelow: 2_000, largeTableCountCap: 3_000 };
const query = (values: Record<string, string>) => userListQuerySchema.parse({ pageSize: "10", ...values });
const names = (page: { items: Array<{ username: string }> }) => page.items.map((u) => u.username);

describe("searchUsers on a large table", () => {
  it("estimates the total of a broad search from a sample, and says so", async () => {
    const exact = await searchUsers(query({ q: "many_" }));
    const estimated = await searchUsers(query({ q: "many_" }), large);
    expect(estimated).toMatchObject({ total: roundEstimate(SEEDED), totalIsEstimate: true, totalCapped: false });
    expect(names(estimated)).toEqual(names(exact));
  });

  it("counts exactly when the sample says the search matches few users", async () => {
    const page = await searchUsers(query({ q: "many_1" }), large);
    expect(page).toMatchObject({ total: 1 + 10 + 100 + 1000 + 51, totalIsEstimate: false, totalCapped: false });
    expect(await searchUsers(query({ q: "many_" }), { ...large, exactBelow: 1e9 })).toMatchObject({ total: 3_000, totalCapped: true });
  });

  it("finds the same rows whichever plan the sample picks (walk for common text, trigram bitmap for rare)", async () => {
    const cases: Array<Record<string, string>> = [
      { q: "many_1" },
      { q: "many_1004" },
      { q: "ANY_99", sort: "username" },
      { q: "many_", sort: "dateJoined", page: "7" },
      // Punctuated (the index is asked for the longest word only), digits only (LIKE, phones too), case.
      { q: "NY_100" },
      { q: "y_10" },
      { q: "_99" },
      { q: "1999000" },
      { q: "+1 999 000 00" },
      { q: "MaNy_2" },
    ];
    for (const values of cases) {
      const exact = await searchUsers(query(values));
      expect(names(await searchUsers(query(values), large)), JSON.stringify(values)).toEqual(names(exact));
    }
  });

  it("estimates other filters from PostgreSQL's statistics", async () => {
    const page = await searchUsers(query({ joinedFrom: "2024-01-01" }), large);
    expect(page.totalIsEstimate).toBe(true);
    expect(page.total).toBeGreaterThan(1000);
  });

  it("forces the chosen plan for one transaction only", async () => {
    const sql = Prisma.sql`EXPLAIN ${pageSql(query({ q: "many_1" }))}`;
    const text = (rows: Array<{ "QUERY PLAN": string }>) => rows.map((r) => r["QUERY PLAN"]).join("\n");
    expect(text(await queryWithPlan(app.db, "bitmap", sql))).toMatch(/Bitmap Index Scan/);
    expect(text(await queryWithPlan(app.db, "walk", sql))).not.toMatch(/Bitmap/);
    const [{ setting }] = await app.db.$queryRaw<[{ setting: string }]>`SELECT current_setting('enable_bitmapscan') AS setting`;
    expect(setting).toBe("on");
  });
});
