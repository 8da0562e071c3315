import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PUBLIC_USER_FIELDS } from "./helpers/public-fields";
import { startTestApp, type TestApp } from "./helpers/app";
import { listUsers, seedUsers, staffSession } from "./helpers/admin";

let app: TestApp;
let token: string;
const day = (iso: string) => new Date(iso);

beforeAll(async () => {
  app = await startTestApp();
  ({ token } = await staffSession(app)); // joined now: the filters below that end in 2024 leave it out
  await seedUsers(app, [
    {
      username: "Alice_Smith",
      phoneNumber: "+14155550101",
      email: "alice@example.com",
      dateJoined: day("2024-01-10T08:00:00Z"),
    },
    {
      username: "bob.jones",
      phoneNumber: "+14155550102",
      email: "BOB@Example.org",
      isActive: false,
      dateJoined: day("2024-02-15T12:00:00Z"),
    },
    {
      username: "carol",
      phoneNumber: "+442071838750",
      email: null,
      isStaff: true,
      dateJoined: day("2024-02-29T23:59:59Z"),
    },
    {
      username: "Eve-ALICE",
      phoneNumber: "+14155550104",
      email: "eve@example.net",
      dateJoined: day("2024-03-01T00:00:00Z"),
    },
    { username: "a_b", phoneNumber: "+14155550105", email: "ab@example.net", dateJoined: day("2024-03-02T00:00:00Z") },
    { username: "axb", phoneNumber: "+14155550106", email: "axb@example.net", dateJoined: day("2024-03-02T00:00:00Z") },
    {
      username: "deleted_dan",
      phoneNumber: "+14155550107",
      email: "dan@example.com",
      dateJoined: day("2024-03-03T00:00:00Z"),
      deletedAt: day("2024-04-01T00:00:00Z"),
    },
    // A phone number's digits in a username: the filters below that end in 2024 leave it out.
    { username: "tel4155550101", phoneNumber: "+15005550000", email: null, dateJoined: day("2025-01-01T00:00:00Z") },
  ]);
});
afterAll(() => app.close());

const names = async (query: Record<string, string>) => {
  const { status, usernames, body } = await listUsers(app, token, query);
  expect(status, JSON.stringify(body)).toBe(200);
  return usernames.sort();
};

describe("GET /api/admin/users: q", () => {
  it("matches substrings of the username case-insensitively", async () => {
    expect(await names({ q: "alice" })).toEqual(["Alice_Smith", "Eve-ALICE"]);
    expect(await names({ q: "LiCe_s" })).toEqual(["Alice_Smith"]);
  });

  it("matches substrings of the e-mail case-insensitively", async () => {
    expect(await names({ q: "example.ORG" })).toEqual(["bob.jones"]);
    expect(await names({ q: "@example.net" })).toEqual(["Eve-ALICE", "a_b", "axb"]);
  });

  it("matches substrings of the phone number, written as stored or as people write them", async () => {
    expect(await names({ q: "5550102" })).toEqual(["bob.jones"]);
    expect(await names({ q: "+4420718" })).toEqual(["carol"]);
    expect(await names({ q: "(415) 555-0101" })).toEqual(["Alice_Smith"]);
    // Digits typed with punctuation are a phone number: looked for without it in phone numbers only.
    expect(await names({ q: "4155550101" })).toEqual(["Alice_Smith", "tel4155550101"]);
  });

  it("matches within one field, never across two", async () => {
    // The search reads the fields joined by U+0001 (lib/admin/user-query.ts).
    expect(await names({ q: "smith\u0001alice" })).toEqual([]);
    expect(await names({ q: "\u0001" })).toEqual([]);
    expect(await names({ q: "Smithalice" })).toEqual([]);
    expect(await names({ q: "com+1415" })).toEqual([]);
  });

  it("treats % _ and \\ as themselves, not as wildcards", async () => {
    expect(await names({ q: "a_b" })).toEqual(["a_b"]);
    expect(await names({ q: "%" })).toEqual([]);
    expect(await names({ q: "a%b" })).toEqual([]);
    expect(await names({ q: "\\" })).toEqual([]);
  });

  it("returns nothing for a miss, and everything for an empty q", async () => {
    expect(await names({ q: "zzzz" })).toEqual([]);
    expect((await names({ q: "", joinedTo: "2024-12-31" })).length).toBe(6);
  });
});

describe("GET /api/admin/users: filters", () => {
  it("filters by isActive and isStaff", async () => {
    expect(await names({ isActive: "false" })).toEqual(["bob.jones"]);
    expect(await names({ isStaff: "true", joinedTo: "2024-12-31" })).toEqual(["carol"]);
    expect(await names({ isActive: "true", isStaff: "false", q: "example.net" })).toEqual(["Eve-ALICE", "a_b", "axb"]);
  });

  it("leaves deleted users out unless asked: deleted=exclude|include|only", async () => {
    expect(await names({ q: "dan" })).toEqual([]);
    expect(await names({ q: "dan", deleted: "exclude" })).toEqual([]);
    expect(await names({ q: "example.com", deleted: "include" })).toEqual(["Alice_Smith", "deleted_dan"]);
    expect(await names({ deleted: "only" })).toEqual(["deleted_dan"]);
    const { body } = await listUsers(app, token, { deleted: "only" });
    expect(body.items[0].deletedAt).toBe("2024-04-01T00:00:00.000Z");
  });

  it("filters by join date: joinedTo as a date includes that whole (UTC) day", async () => {
    expect(await names({ joinedFrom: "2024-02-15", joinedTo: "2024-02-29" })).toEqual(["bob.jones", "carol"]);
    expect(await names({ joinedFrom: "2024-02-15T12:00:01Z", joinedTo: "2024-02-29" })).toEqual(["carol"]);
    expect(await names({ joinedFrom: "2024-02-01", joinedTo: "2024-02-29T12:00:00Z" })).toEqual(["bob.jones"]);
    expect(await names({ joinedTo: "2024-01-10" })).toEqual(["Alice_Smith"]);
    expect(await names({ joinedTo: "2024-01-09" })).toEqual([]);
  });
});

describe("GET /api/admin/users: sort and pages", () => {
  const ordered = async (sort: string) => (await listUsers(app, token, { sort, joinedTo: "2024-12-31" })).usernames;

  it("sorts by username either way, case-insensitively", async () => {
    const asc = ["a_b", "Alice_Smith", "axb", "bob.jones", "carol", "Eve-ALICE"];
    expect(await ordered("username")).toEqual(asc);
    expect(await ordered("-username")).toEqual([...asc].reverse());
  });

  it("sorts by join date either way (newest first by default), ties broken by id", async () => {
    const { body } = await listUsers(app, token, { joinedTo: "2024-12-31", sort: "dateJoined" });
    const [ab, axb] = body.items.filter((u) => u.username === "a_b" || u.username === "axb");
    const tie = [ab, axb].sort((x, y) => (x.id < y.id ? -1 : 1)).map((u) => u.username);
    expect(body.items.map((u) => u.username)).toEqual(["Alice_Smith", "bob.jones", "carol", "Eve-ALICE", ...tie]);
    expect(await ordered("-dateJoined")).toEqual([...tie.reverse(), "Eve-ALICE", "carol", "bob.jones", "Alice_Smith"]);
    expect((await listUsers(app, token, { joinedTo: "2024-12-31" })).usernames).toEqual(await ordered("-dateJoined"));
  });

  it("pages through every match exactly once, with the total", async () => {
    const seen: string[] = [];
    for (const page of ["1", "2", "3"]) {
      const { body } = await listUsers(app, token, { joinedTo: "2024-12-31", sort: "username", pageSize: "4", page });
      expect(body).toMatchObject({
        total: 6,
        totalCapped: false,
        totalIsEstimate: false,
        page: Number(page),
        pageSize: 4,
      });
      seen.push(...body.items.map((u) => u.username));
    }
    expect(seen).toEqual(["a_b", "Alice_Smith", "axb", "bob.jones", "carol", "Eve-ALICE"]);
  });

  it("defaults to page 1 of 25, and allows 1 to 100 per page", async () => {
    const { body } = await listUsers(app, token);
    expect(body).toMatchObject({ page: 1, pageSize: 25, total: 8, totalCapped: false });
    expect((await listUsers(app, token, { pageSize: "1" })).body.items).toHaveLength(1);
    expect((await listUsers(app, token, { pageSize: "100" })).body.items).toHaveLength(8);
  });

  it("never shows a password hash or token version", async () => {
    const { body } = await listUsers(app, token, { pageSize: "100", deleted: "include" });
    for (const user of body.items) {
      expect(Object.keys(user).sort()).toEqual(PUBLIC_USER_FIELDS);
    }
  });
});

describe("GET /api/admin/users: a bad query is a 400 naming the parameter", () => {
  it.each([
    ["pageSize", "0"],
    ["pageSize", "101"],
    ["page", "0"],
    ["page", "abc"],
    ["page", "1.5"],
    ["sort", "bogus"],
    ["isActive", "maybe"],
    ["isStaff", "yes"],
    ["deleted", "all"],
    ["joinedFrom", "notadate"],
    ["joinedTo", "2024-13-45"],
    ["q", "x".repeat(101)],
  ])("%s=%s", async (key, value) => {
    const { status, body } = await listUsers(app, token, { [key]: value });
    expect(status).toBe(400);
    expect(Object.keys(body.errors ?? {})).toEqual([key]);
  });
});
