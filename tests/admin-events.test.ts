import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memberSession, seedUsers, staffSession } from "./helpers/admin";
import { freshIp, json, startTestApp, type TestApp } from "./helpers/app";

/**
 * The staff listing of every security event through the real API app and database: filters
 * (type, user, from and to as dates or date-times), newest first, offset pages and keyset pages
 * both ways without overlap or gap (ties on `at` too), 400 for bad input, 401 and 403.
 */

type Page = {
  items: Array<{ id: string; type: string; at: string; userId: string | null }>;
  page: number;
  pageSize: number;
  nextCursor: string | null;
  prevCursor: string | null;
};

let app: TestApp;
let staff: { id: string; token: string };
let alice: string;
let bob: string;
const seeded: string[] = [];
// Far in the past: the events the test's own requests write (sign-ins, now) fall outside its windows.
const BASE = Date.parse("2020-03-10T00:00:00.000Z");
const HOUR = 3_600_000;

beforeAll(async () => {
  app = await startTestApp();
  staff = await staffSession(app);
  [alice, bob] = await seedUsers(app, [
    { username: "events_alice", phoneNumber: "+14155550101" },
    { username: "events_bob", phoneNumber: "+14155550102" },
  ]);
  // 60 events over 60 hours from BASE, alternating users and types; every fifth shares its
  // time with the one before, so keyset pages must order ties by id.
  let at = BASE;
  for (let i = 0; i < 60; i++) {
    if (i % 5 !== 4) at += HOUR;
    const row = await app.db.securityEvent.create({
      data: {
        type: i % 3 === 0 ? "sign_in_failed" : "sign_in",
        at: new Date(at),
        userId: i % 2 === 0 ? alice : bob,
        ip: "203.0.113.1",
        userAgent: "test",
      },
      select: { id: true },
    });
    seeded.push(row.id.toString());
  }
});
afterAll(() => app.close());

const list = async (query: string, token = staff.token): Promise<Page> => {
  const response = await app.call("GET", `/api/admin/events?${query}`, { token, ip: freshIp() });
  expect(response.status, query).toBe(200);
  return (await json(response)) as unknown as Page;
};
/** The seeded window only: the test's own sign-ins are written now, long after it. */
const window = "from=2020-03-01&to=2020-03-31";
const newestFirst = (items: Page["items"]) =>
  [...items].sort((a, b) => b.at.localeCompare(a.at) || Number(BigInt(b.id) - BigInt(a.id)));

describe("GET /api/admin/events", () => {
  it("lists every event newest first, by time then id", async () => {
    const page = await list(`${window}&pageSize=100`);
    expect(page.items).toHaveLength(60);
    expect(page.items).toEqual(newestFirst(page.items));
    expect(page.items.map((item) => item.id).sort()).toEqual([...seeded].sort());
    expect(page).toMatchObject({ page: 1, pageSize: 100, nextCursor: null, prevCursor: null });
    expect(page.items[0]).toMatchObject({ userId: expect.any(String), ip: "203.0.113.1", userAgent: "test" });
    expect(page.items[0]).toHaveProperty("actorId");
  });

  it("filters by type and user, alone and together", async () => {
    const failed = await list(`${window}&type=sign_in_failed&pageSize=100`);
    expect(failed.items).toHaveLength(20);
    expect(new Set(failed.items.map((item) => item.type))).toEqual(new Set(["sign_in_failed"]));
    const ofBob = await list(`userId=${bob}&pageSize=100`);
    expect(ofBob.items).toHaveLength(30);
    expect(new Set(ofBob.items.map((item) => item.userId))).toEqual(new Set([bob]));
    expect(ofBob.items).toEqual(newestFirst(ofBob.items));
    const both = await list(`userId=${alice}&type=sign_in_failed&pageSize=100`);
    // i even and i % 3 == 0: i % 6 == 0, ten of sixty.
    expect(both.items).toHaveLength(10);
    expect((await list(`userId=nobody`)).items).toEqual([]);
  });

  it("bounds by time: a date as `to` includes that whole UTC day, a date-time is exact", async () => {
    // BASE + 1h … : 2020-03-10 holds the events at 01:00…23:00 (those before the first tie shift).
    const day = await list("from=2020-03-10&to=2020-03-10&pageSize=100");
    expect(day.items.length).toBeGreaterThan(0);
    for (const item of day.items) expect(item.at.slice(0, 10)).toBe("2020-03-10");
    const all = await list(`${window}&pageSize=100`);
    expect(day.items).toEqual(all.items.filter((item) => item.at.startsWith("2020-03-10")));

    const at = all.items[10].at;
    const upTo = await list(`from=2020-03-01&to=${at}&pageSize=100`);
    expect(upTo.items[0].at).toBe(at);
    expect(upTo.items).toEqual(all.items.filter((item) => item.at <= at));
    const from = await list(`from=${at}&to=2020-03-31&pageSize=100`);
    expect(from.items.at(-1)?.at).toBe(at);
    expect(from.items).toEqual(all.items.filter((item) => item.at >= at));
    expect((await list("to=2020-03-09")).items).toEqual([]);
  });

  it("pages by keyset both ways with no overlap and no gap, ties included", async () => {
    const all = (await list(`${window}&pageSize=100`)).items.map((item) => item.id);
    const seen: string[] = [];
    const pages: Page[] = [];
    let cursor: string | null = "";
    while (cursor !== null) {
      const page = await list(`${window}&pageSize=7${cursor ? `&cursor=${cursor}` : ""}`);
      pages.push(page);
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(all);
    expect(pages).toHaveLength(Math.ceil(60 / 7));
    expect(pages[0].prevCursor).toBeNull();
    expect(pages.at(-1)?.items).toHaveLength(60 % 7);

    // Back again from the last page: each "newer" page is the page before it, exactly.
    let back = pages.at(-1)!;
    for (let index = pages.length - 2; index >= 0; index--) {
      back = await list(`${window}&pageSize=7&cursor=${back.prevCursor}`);
      expect(back.items.map((item) => item.id)).toEqual(pages[index].items.map((item) => item.id));
    }
    expect(back.prevCursor).toBeNull();
    expect(back.nextCursor).toBe(pages[0].nextCursor);
  });

  it("pages by keyset under a filter, and offset pages agree with keyset ones", async () => {
    const first = await list(`${window}&type=sign_in&pageSize=15`);
    const second = await list(`${window}&type=sign_in&pageSize=15&cursor=${first.nextCursor}`);
    const third = await list(`${window}&type=sign_in&pageSize=15&cursor=${second.nextCursor}`);
    expect(third.nextCursor).toBeNull();
    const byKeyset = [...first.items, ...second.items, ...third.items].map((item) => item.id);
    expect(new Set(byKeyset).size).toBe(40);
    const byOffset = [];
    for (const page of [1, 2, 3]) {
      byOffset.push(...(await list(`${window}&type=sign_in&pageSize=15&page=${page}`)).items.map((item) => item.id));
    }
    expect(byOffset).toEqual(byKeyset);
    expect((await list(`${window}&type=sign_in&pageSize=15&page=2`)).prevCursor).not.toBeNull();
  });

  it("finds the newest events even when they are far apart in time (no index keeps their order)", async () => {
    const lonely = await app.db.securityEvent.create({
      data: { type: "lockout", at: new Date("2019-01-01T00:00:00Z"), userId: alice },
      select: { id: true },
    });
    const page = await list("to=2019-12-31&pageSize=5");
    expect(page.items.map((item) => item.id)).toEqual([lonely.id.toString()]);
    const beyond = await list(`from=2019-01-01&to=2020-03-10T03:00:00Z&pageSize=5`);
    expect(beyond.items.at(-1)?.id).toBe(lonely.id.toString());
    await app.db.securityEvent.delete({ where: { id: lonely.id } });
  });

  it("answers 400 for bad input, each parameter named", async () => {
    for (const [query, field] of [
      ["type=nonsense", "type"],
      ["from=yesterday", "from"],
      ["to=2020-13-01", "to"],
      ["page=0", "page"],
      ["pageSize=101", "pageSize"],
      ["cursor=not-a-cursor", "cursor"],
      [`cursor=${Buffer.from('["o","x","1"]').toString("base64url")}`, "cursor"],
      ["userId=%00", "userId"],
    ]) {
      const response = await app.call("GET", `/api/admin/events?${query}`, { token: staff.token, ip: freshIp() });
      expect(response.status, query).toBe(400);
      expect(response.headers.get("content-type")).toContain("application/problem+json");
      expect(Object.keys((await json(response)).errors as object), query).toContain(field);
    }
  });

  it("answers 401 without a good token and 403 for a user who is not staff", async () => {
    expect((await app.call("GET", "/api/admin/events", { ip: freshIp() })).status).toBe(401);
    expect((await app.call("GET", "/api/admin/events", { token: "nope", ip: freshIp() })).status).toBe(401);
    const member = await memberSession(app);
    const refused = await app.call("GET", "/api/admin/events", { token: member.token, ip: freshIp() });
    expect(refused.status).toBe(403);
  });
});
