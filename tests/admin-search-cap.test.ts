import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COUNT_CAP, DEFAULT_LIMITS, pageSql, searchUsers, type SearchLimits } from "@/lib/admin/search";
import { queryWithPlan, roundEstimate, sampleMatches } from "@/lib/admin/search-plan";
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

// The large-table path, on this small table: the limits say "large", and the sample reads every page.
const large: SearchLimits = { ...DEFAULT_LIMITS, smallTablePages: 0, samplePages: 1e9 };
const query = (values: Record<string, string>) => userListQuerySchema.parse({ pageSize: "10", ...values });
const names = (page: { items: Array<{ username: string }> }) => page.items.map((u) => u.username);

describe("searchUsers on a large table", () => {
  it("estimates the total of a common text from the sample, and says so", async () => {
    const exact = await searchUsers(query({ q: "many_" }));
    const estimated = await searchUsers(query({ q: "many_" }), large);
    expect(estimated).toMatchObject({ total: roundEstimate(SEEDED), totalIsEstimate: true, totalCapped: false });
    expect(names(estimated)).toEqual(names(exact));
  });

  it("estimates the same total on every page view: the sample reads the same pages each time", async () => {
    const pages = Number((await app.db.$queryRaw<[{ n: bigint }]>`SELECT pg_relation_size('"User"') / 8192 AS n`)[0].n);
    const half = { ...large, samplePages: Math.max(1, Math.round(pages / 2)) };
    const totals = new Set<number>();
    for (const page of ["1", "2", "3", "1", "2", "3"])
      totals.add((await searchUsers(query({ q: "many_", page }), half)).total);
    expect(totals.size).toBe(1);
  });

  it("samples the share of matches among the rows the other filters leave", async () => {
    const sample = (values: Record<string, string>) => sampleMatches(app.db, query(values), 1e9);
    expect(await sample({ q: "many_" })).toEqual({ share: SEEDED / (SEEDED + 1), estimate: SEEDED });
    expect(await sample({ q: "qzx" })).toEqual({ share: 0, estimate: 0 });
    // Deleted users are left out of both counts: none of the seeded ones is deleted.
    expect((await sample({ q: "many_1", isStaff: "false" })).share).toBeCloseTo(1162 / SEEDED, 6);
  });

  it("counts a rare text exactly as it gathers its matches", async () => {
    // many_1004 and many_10040…10049: one row in 900, fewer than a walk may read per match.
    const page = await searchUsers(query({ q: "many_1004" }), large);
    expect(page).toMatchObject({ total: 11, totalIsEstimate: false, totalCapped: false });
    expect(page.items[0]).not.toHaveProperty("matchCount");
  });

  it("finds the same rows whether it walks (common text) or gathers by index (rare text)", async () => {
    const walkAlways = { ...large, walkRowsPerMatch: { dateJoined: 1e9, username: 1e9 } };
    const gatherAlways = { ...large, walkRowsPerMatch: { dateJoined: 0, username: 0 } };
    const cases: Array<Record<string, string>> = [
      { q: "many_1" },
      { q: "many_1004" },
      { q: "ANY_99", sort: "username" },
      { q: "many_", sort: "dateJoined", page: "7" },
      { q: "many_", sort: "-username", page: "3" },
      // Punctuated, digits only (phones too), phone-like with punctuation, case.
      { q: "NY_100" },
      { q: "y_10" },
      { q: "_99" },
      { q: "1999000" },
      { q: "+1 999 000 00" },
      { q: "MaNy_2" },
      { q: "many_2", isActive: "true", joinedFrom: "2024-01-02" },
    ];
    for (const values of cases) {
      const exact = names(await searchUsers(query(values)));
      expect(exact.length, JSON.stringify(values)).toBeGreaterThan(0);
      expect(names(await searchUsers(query(values), walkAlways)), JSON.stringify(values)).toEqual(exact);
      expect(names(await searchUsers(query(values), gatherAlways)), JSON.stringify(values)).toEqual(exact);
    }
  });

  it("gathers after all when the walk's budget runs out before the page is full", async () => {
    // "many_100": 62 users (i = 100, 1000…1009, 10000…10050), one row in 160, so the sample
    // says "walk" at 200 rows per match. But oldest first, the 20th match is row ~10,009, past
    // the walk's 2 × 200 × 20 = 8,000 rows: it finds 11, then the gather finds them all.
    const values = { q: "many_100", sort: "dateJoined", pageSize: "20" };
    const page = await searchUsers(query(values), { ...large, walkRowsPerMatch: { dateJoined: 200, username: 200 } });
    expect(page).toMatchObject({ total: 62, totalIsEstimate: false });
    expect(names(page)).toEqual(names(await searchUsers(query(values))));
    expect(names(page)).toHaveLength(20);
  });

  it("says the total is capped when a gathered text matches more than the cap, and still pages it", async () => {
    const gatherAlways = { ...large, walkRowsPerMatch: { dateJoined: 0, username: 0 } };
    const values = { q: "many_", sort: "username", page: "14" };
    const capped = await searchUsers(query(values), gatherAlways);
    expect(capped).toMatchObject({ total: COUNT_CAP, totalCapped: true, totalIsEstimate: false });
    expect(names(capped)).toEqual(names(await searchUsers(query(values))));
    expect(names(capped)).toHaveLength(10);
  });

  it("counts a rare text past its last page", async () => {
    const past = await searchUsers(query({ q: "many_10", sort: "username", page: "40" }), large);
    expect(past).toMatchObject({ items: [], total: 162, totalIsEstimate: false });
  });

  it("estimates other filters from PostgreSQL's statistics", async () => {
    const page = await searchUsers(query({ joinedFrom: "2024-01-01" }), large);
    expect(page.totalIsEstimate).toBe(true);
    expect(page.total).toBeGreaterThan(1000);
  });

  it("forces the chosen plan for one query only", async () => {
    const sql = Prisma.sql`EXPLAIN ${pageSql(query({ q: "many_1" }))}`;
    const text = (rows: Array<{ "QUERY PLAN": string }>) => rows.map((r) => r["QUERY PLAN"]).join("\n");
    expect(text(await queryWithPlan(app.db, "gather", sql))).toMatch(/Bitmap Index Scan/);
    expect(text(await queryWithPlan(app.db, "walk", sql))).not.toMatch(/Bitmap/);
    const [{ setting }] = await app.db.$queryRaw<
      [{ setting: string }]
    >`SELECT current_setting('enable_bitmapscan') AS setting`;
    expect(setting).toBe("on");
  });
});
