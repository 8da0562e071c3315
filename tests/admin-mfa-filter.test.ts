import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "./helpers/app";
import { listUsers, seedUsers, staffSession } from "./helpers/admin";

let app: TestApp;
let token: string;
let staffId: string;
let ids: Record<"ann" | "ben" | "cat" | "dot", string>;

beforeAll(async () => {
  app = await startTestApp();
  ({ id: staffId, token } = await staffSession(app));
  const [ann, ben, cat, dot] = await seedUsers(app, [
    { username: "mfa_ann", phoneNumber: "+14155550301", dateJoined: new Date("2024-01-01T00:00:00Z") },
    { username: "mfa_ben", phoneNumber: "+14155550302", dateJoined: new Date("2024-01-02T00:00:00Z") },
    { username: "mfa_cat", phoneNumber: "+14155550303", isActive: false, dateJoined: new Date("2024-01-03T00:00:00Z") },
    { username: "mfa_dot", phoneNumber: "+14155550304", dateJoined: new Date("2024-01-04T00:00:00Z") },
  ]);
  ids = { ann, ben, cat, dot };
  for (const id of [ann, cat]) await app.db.user.update({ where: { id }, data: { mfaEnabled: true } });
});
afterAll(() => app.close());

const listedIds = async (query: Record<string, string>) => {
  const { status, body } = await listUsers(app, token, query);
  expect(status, JSON.stringify(body)).toBe(200);
  return body.items.map((user) => user.id).sort();
};

const exportedRows = async (query: Record<string, string>) => {
  const response = await app.call("GET", `/api/admin/users/export?${new URLSearchParams(query)}`, { token });
  expect(response.status).toBe(200);
  // No cell here holds a comma, a quote or a line break, so splitting is enough.
  const [header, ...rows] = (await response.text()).split("\r\n").filter(Boolean);
  const columns = header.split(",");
  return rows.map((line) => {
    const cells = line.split(",");
    return { id: cells[columns.indexOf("id")], mfaEnabled: cells[columns.indexOf("mfaEnabled")] };
  });
};

describe("mfaEnabled filter", () => {
  it("lists exactly the users with (true) or without (false) an authenticator app", async () => {
    expect(await listedIds({ mfaEnabled: "true" })).toEqual([ids.ann, ids.cat].sort());
    expect(await listedIds({ mfaEnabled: "false" })).toEqual([ids.ben, ids.dot, staffId].sort());
    expect(await listedIds({ mfaEnabled: "" })).toHaveLength(5);
  });

  it("combines with the other filters", async () => {
    expect(await listedIds({ mfaEnabled: "true", isActive: "true" })).toEqual([ids.ann]);
    expect(await listedIds({ mfaEnabled: "false", joinedTo: "2024-12-31" })).toEqual([ids.ben, ids.dot].sort());
    expect(await listedIds({ mfaEnabled: "true", q: "mfa_c" })).toEqual([ids.cat]);
  });

  it("shows the flag on each listed user", async () => {
    const { body } = await listUsers(app, token, { q: "mfa_", sort: "username" });
    expect(body.items.map((user) => [user.username, user.mfaEnabled])).toEqual([
      ["mfa_ann", true],
      ["mfa_ben", false],
      ["mfa_cat", true],
      ["mfa_dot", false],
    ]);
  });

  it("filters the export the same way, which has an mfaEnabled column", async () => {
    expect(await exportedRows({ mfaEnabled: "true", sort: "dateJoined" })).toEqual([
      { id: ids.ann, mfaEnabled: "true" },
      { id: ids.cat, mfaEnabled: "true" },
    ]);
    expect(await exportedRows({ mfaEnabled: "false", joinedTo: "2024-12-31", sort: "dateJoined" })).toEqual([
      { id: ids.ben, mfaEnabled: "false" },
      { id: ids.dot, mfaEnabled: "false" },
    ]);
  });

  it.each(["/api/admin/users", "/api/admin/users/export"])("%s?mfaEnabled=maybe is a 400 naming it", async (path) => {
    const response = await app.call("GET", `${path}?mfaEnabled=maybe`, { token });
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    const body = (await response.json()) as { status: number; errors?: Record<string, string[]> };
    expect(body.status).toBe(400);
    expect(body.errors).toEqual({ mfaEnabled: ["Use true or false."] });
  });
});
