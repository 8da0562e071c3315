import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, startTestApp, type TestApp } from "./helpers/app";
import { memberSession, staffSession } from "./helpers/admin";

let app: TestApp;
let staff: { id: string; token: string };
let member: Awaited<ReturnType<typeof memberSession>>;
beforeAll(async () => {
  app = await startTestApp();
  staff = await staffSession(app);
  member = await memberSession(app);
});
afterAll(() => app.close());

const endpoints = (id: string): Array<[string, string, unknown?]> => [
  ["GET", "/api/admin/users"],
  ["GET", "/api/admin/users/export"],
  ["GET", `/api/admin/users/${id}`],
  ["PATCH", `/api/admin/users/${id}`, { isActive: false }],
  ["DELETE", `/api/admin/users/${id}`],
  ["POST", `/api/admin/users/${id}/restore`],
  ["POST", "/api/admin/users/bulk", { ids: [id], action: "deactivate" }],
];

describe("staff API access", () => {
  it("answers 401 problem+json without a valid token, on every endpoint, before reading the input", async () => {
    for (const [method, path, body] of endpoints(member.id)) {
      for (const token of [undefined, "not.a.valid-token"]) {
        const response = await app.call(method, `${path}${method === "GET" ? "?pageSize=0" : ""}`, { token, body });
        expect(response.status, `${method} ${path}`).toBe(401);
        expect(response.headers.get("content-type")).toBe("application/problem+json");
      }
    }
  });

  it("answers 403 to a signed-in user who is not staff, and changes nothing", async () => {
    for (const [method, path, body] of endpoints(member.id)) {
      const response = await app.call(method, path, { token: member.token, body });
      expect(response.status, `${method} ${path}`).toBe(403);
      expect((await json(response)).type).toBe("/problems/forbidden");
    }
    const row = await app.db.user.findUniqueOrThrow({ where: { id: member.id } });
    expect(row.isActive).toBe(true);
    expect(await app.db.auditLog.count({ where: { targetId: member.id } })).toBe(0);
  });

  it("lets a staff user in, and stops letting them in once they are no longer staff", async () => {
    const response = await app.call("GET", `/api/admin/users/${member.id}`, { token: staff.token });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(((await json(response)).user as { username: string }).username).toBe(member.username);

    const other = await staffSession(app);
    await app.db.user.update({ where: { id: other.id }, data: { isStaff: false } });
    expect((await app.call("GET", "/api/admin/users", { token: other.token })).status).toBe(403);
  });

  it("answers 405 problem+json for methods an endpoint does not have", async () => {
    const response = await app.call("POST", "/api/admin/users", { token: staff.token, body: {} });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET");
    expect((await app.call("GET", "/api/admin/users/bulk", { token: staff.token })).status).toBe(405);
  });
});
