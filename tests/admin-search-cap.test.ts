import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COUNT_CAP, pageSql, searchUsers } from "@/lib/admin/search";
import { choosePlan, queryWithPlan, roundEstimate, sampleMatches, tablePages, type SearchTuning } from "@/lib/admin/search-plan";
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

  it("estimates the same total on every page view: the sample reads the same pages each time", async () => {
    // A sample of about half the pages, so that which half matters.
    const half = { ...large, samplePages: 0, exactBelow: 0 };
    const pages = Number((await app.db.$queryRaw<[{ n: bigint }]>`SELECT pg_relation_size('"User"') / 8192 AS n`)[0].n);
    const tuning = { ...half, samplePages: Math.max(1, Math.round(pages / 2)) };
    const totals = new Set<number>();
    for (const page of ["1", "2", "3", "1", "2", "3"]) totals.add((await searchUsers(query({ q: "many_", page }), tuning)).total);
    expect(totals.size).toBe(1);
  });

  it("samples the rows a gather would read as well as those that match", async () => {
    const sample = async (q: string) => sampleMatches(app.db, query({ q }), await tablePages(app.db), large);
    // "x_100" matches no one, but the index is asked for "_100": many_100, many_1000…, many_10000….
    const [{ share }] = await app.db.$queryRaw<[{ share: number }]>`
      SELECT (count(*) FILTER (WHERE "username" LIKE '%\\_100%' AND "deletedAt" IS NULL))::float8 / count(*) AS share FROM "User"`;
    expect(share).toBeGreaterThan(0.005);
    expect(await sample("x_100")).toMatchObject({ density: 0, candidateDensity: share });
    const plain = await sample("many_100");
    expect(plain.density).toBeGreaterThan(0);
    expect(plain.candidateDensity).toBe(plain.density);
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

  it("pages and counts a rare search in one pass, and takes the general way when it matches more than the cap", async () => {
    // "many_10…": 162 users. Sorted by username, page 14 is past the walk's budget: the trigram way.
    const deep = { q: "many_10", sort: "username", page: "14" };
    const exact = await searchUsers(query(deep));
    expect(exact).toMatchObject({ total: 162, totalCapped: false });
    const onePass = await searchUsers(query(deep), { ...large, exactBelow: 1e9, largeTableCountCap: 1_000 });
    expect(onePass).toMatchObject({ total: 162, totalCapped: false, totalIsEstimate: false });
    expect(names(onePass)).toEqual(names(exact));
    expect(onePass.items[0]).not.toHaveProperty("matchCount");
    const capped = await searchUsers(query(deep), { ...large, exactBelow: 1e9, largeTableCountCap: 50 });
    expect(capped).toMatchObject({ total: 50, totalCapped: true });
    expect(names(capped)).toEqual(names(exact));
    const past = await searchUsers(query({ ...deep, page: "40" }), { ...large, exactBelow: 1e9, largeTableCountCap: 1_000 });
    expect(past).toMatchObject({ items: [], total: 162 });
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

describe("choosePlan at a million users", () => {
  const rows = 1_000_000;
  const plan = (q: string, density: number, values: Record<string, string> = {}, candidateDensity = density) =>
    choosePlan(query({ q, pageSize: "25", ...values }), { density, candidateDensity, tableRows: rows });

  it("walks for a common text, gathers a rare one by index, and never walks for text the sample did not find", () => {
    expect(plan("smith", 0.01)).toBe("walk");
    expect(plan("14334", 0.00005)).toBe("bitmap");
    expect(plan("qzx", 0)).toBe("bitmap");
  });

  it("weighs a gather by the rows the index returns, not only those that match", () => {
    // "l_tho": the index is asked for "_tho" (every word starting with "tho"), read 17,000 rows
    // to find 640. Walking 39,000 rows in join order costs less.
    expect(plan("l_tho", 0.00064)).toBe("bitmap");
    expect(plan("l_tho", 0.00064, {}, 0.017)).toBe("walk");
  });

  it("walks past the budget while the rows walked cost less than gathering every match (join order only)", () => {
    // 2,400 matches: a walk of ~10,400 rows in join order beats fetching all of them by index…
    expect(plan("tty", 0.0024)).toBe("walk");
    // …but not rows all over the table (username order), nor a walk ten times as long.
    expect(plan("tty", 0.0024, { sort: "username" })).toBe("bitmap");
    expect(plan("tty", 0.0024, { page: "10" })).toBe("bitmap");
  });
});
