import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { restoreUser, softDeleteUser } from "@/lib/admin/lifecycle";
import { getUser } from "@/lib/admin/search";
import { updateUser } from "@/lib/admin/update-user";
import { NotFoundError } from "@/lib/errors";
import { logger } from "@/lib/log";
import { json, startTestApp, type TestApp } from "./helpers/app";
import { memberSession, staffSession, type UserJsonLike } from "./helpers/admin";

let app: TestApp;
let staff: { id: string; token: string };
beforeAll(async () => {
  app = await startTestApp();
  staff = await staffSession(app);
});
afterAll(() => app.close());

const patch = (id: string, body: unknown, token = staff.token) =>
  app.call("PATCH", `/api/admin/users/${id}`, { token, body });
const me = (token: string) => app.call("GET", "/api/auth/me", { token });
const auditOf = (targetId: string) =>
  app.db.auditLog.findMany({
    where: { targetId },
    orderBy: { createdAt: "asc" },
    select: { actorId: true, action: true, changes: true, createdAt: true },
  });

describe("GET /api/admin/users/{id}", () => {
  it("shows any user, deleted ones included; 404 for an unknown id", async () => {
    const member = await memberSession(app);
    await app.db.user.update({ where: { id: member.id }, data: { deletedAt: new Date("2025-01-02T03:04:05Z") } });
    const response = await app.call("GET", `/api/admin/users/${member.id}`, { token: staff.token });
    expect(response.status).toBe(200);
    expect(((await json(response)).user as UserJsonLike).deletedAt).toBe("2025-01-02T03:04:05.000Z");
    const missing = await app.call("GET", "/api/admin/users/no-such-user", { token: staff.token });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toBe("application/problem+json");
  });

  it("answers NotFound for an id PostgreSQL could not even hold, whichever door (route, page, server action) it came through", async () => {
    const actor = { id: staff.id };
    const id = "user\u0000id";
    await expect(getUser(id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(updateUser(actor, id, { isActive: false })).rejects.toBeInstanceOf(NotFoundError);
    await expect(softDeleteUser(actor, id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(restoreUser(actor, id)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("PATCH /api/admin/users/{id}", () => {
  it("changes e-mail, phone (normalised to E.164), active and staff, and audits before/after", async () => {
    const member = await memberSession(app);
    const response = await patch(member.id, {
      email: "New.Address@Example.com",
      phoneNumber: "(212) 555-7788",
      isStaff: true,
    });
    expect(response.status).toBe(200);
    const user = (await json(response)).user as UserJsonLike;
    expect(user).toMatchObject({
      email: "New.Address@Example.com",
      phoneNumber: "+12125557788",
      isStaff: true,
      isActive: true,
    });
    const [entry, ...rest] = await auditOf(member.id);
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({
      actorId: staff.id,
      action: "update",
      changes: {
        email: { before: member.email, after: "New.Address@Example.com" },
        phoneNumber: { before: expect.stringMatching(/^\+1212555/), after: "+12125557788" },
        isStaff: { before: false, after: true },
      },
    });
    expect(Date.now() - entry.createdAt.getTime()).toBeLessThan(60_000);
  });

  it("removes the e-mail when given an empty one or null", async () => {
    for (const email of ["", null]) {
      const member = await memberSession(app);
      const user = (await json(await patch(member.id, { email }))).user as UserJsonLike;
      expect(user.email).toBeNull();
    }
  });

  it("writes nothing when nothing changes", async () => {
    const member = await memberSession(app);
    expect((await patch(member.id, { isActive: true, email: member.email })).status).toBe(200);
    expect((await patch(member.id, {})).status).toBe(200);
    expect(await auditOf(member.id)).toEqual([]);
  });

  it("deactivation revokes the user's tokens at once; reactivation lets them sign in again", async () => {
    const member = await memberSession(app);
    expect((await me(member.token)).status).toBe(200);
    expect((await patch(member.id, { isActive: false })).status).toBe(200);
    expect((await me(member.token)).status).toBe(401);
    expect((await patch(member.id, { isActive: true })).status).toBe(200);
    expect((await me(member.token)).status).toBe(401); // the old token stays revoked
    expect((await auditOf(member.id)).map((e) => e.changes)).toEqual([
      { isActive: { before: true, after: false } },
      { isActive: { before: false, after: true } },
    ]);
  });

  it("answers 409 naming each field another account holds (deleted accounts included)", async () => {
    const taken = await memberSession(app);
    const gone = await memberSession(app);
    await app.db.user.update({ where: { id: gone.id }, data: { deletedAt: new Date() } });
    const member = await memberSession(app);
    const both = await patch(member.id, { email: taken.email.toUpperCase(), phoneNumber: gone.phoneNumber });
    expect(both.status).toBe(409);
    expect(Object.keys((await json(both)).errors ?? {}).sort()).toEqual(["email", "phoneNumber"]);
    // Changing the case of one's own address is not a conflict.
    expect((await patch(member.id, { email: member.email.toUpperCase() })).status).toBe(200);
    expect(await auditOf(member.id)).toHaveLength(1);
  });

  it("answers 400 for unknown or read-only fields and for bad values, naming them", async () => {
    const member = await memberSession(app);
    const cases: Array<[unknown, string[]]> = [
      [{ username: "renamed" }, ["username"]],
      [{ password: "whatever-long-1", isActive: false }, ["password"]],
      [{ email: "not-an-email" }, ["email"]],
      [{ phoneNumber: "12" }, ["phoneNumber"]],
      [{ isActive: "no" }, ["isActive"]],
    ];
    for (const [body, fields] of cases) {
      const response = await patch(member.id, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys((await json(response)).errors ?? {})).toEqual(fields);
    }
    expect((await app.call("PATCH", `/api/admin/users/${member.id}`, { token: staff.token, body: "[1]" })).status).toBe(
      400,
    );
    expect((await app.db.user.findUniqueOrThrow({ where: { id: member.id } })).isActive).toBe(true);
  });

  it("answers 404 for an unknown id, and refuses to let staff lock themselves out", async () => {
    expect((await patch("no-such-user", { isActive: false })).status).toBe(404);
    const self = await patch(staff.id, { isActive: false, isStaff: false });
    expect(self.status).toBe(400);
    expect(Object.keys((await json(self)).errors ?? {}).sort()).toEqual(["isActive", "isStaff"]);
  });
});

describe("DELETE /api/admin/users/{id} and POST …/restore", () => {
  it("soft-deletes (204, idempotent), revokes tokens, hides from the listing, and restores", async () => {
    const member = await memberSession(app);
    const del = () => app.call("DELETE", `/api/admin/users/${member.id}`, { token: staff.token });
    expect((await del()).status).toBe(204);
    expect((await del()).status).toBe(204);
    expect((await me(member.token)).status).toBe(401);
    const row = await app.db.user.findFirstOrThrow({ where: { id: member.id, deletedAt: { not: null } } });
    const listed = await app.call("GET", `/api/admin/users?q=${member.username}`, { token: staff.token });
    expect(((await json(listed)).items as unknown[]).length).toBe(0);

    const restore = () => app.call("POST", `/api/admin/users/${member.id}/restore`, { token: staff.token });
    const restored = await restore();
    expect(restored.status).toBe(200);
    expect(((await json(restored)).user as UserJsonLike).deletedAt).toBeNull();
    expect((await restore()).status).toBe(200);
    expect((await auditOf(member.id)).map((e) => [e.action, e.changes])).toEqual([
      ["delete", { deletedAt: { before: null, after: row.deletedAt!.toISOString() } }],
      ["restore", { deletedAt: { before: row.deletedAt!.toISOString(), after: null } }],
    ]);
    // Restoring does not bring back revoked tokens, but the user can sign in again.
    expect((await me(member.token)).status).toBe(401);
    const login = await app.call("POST", "/api/auth/login", {
      body: { identifier: member.username, password: member.password },
      ip: "203.0.113.9",
    });
    expect(login.status).toBe(200);
  });

  it("answers 404 for unknown ids and 403 when staff try to delete themselves", async () => {
    expect((await app.call("DELETE", "/api/admin/users/no-such-user", { token: staff.token })).status).toBe(404);
    expect((await app.call("POST", "/api/admin/users/no-such-user/restore", { token: staff.token })).status).toBe(404);
    expect((await app.call("DELETE", `/api/admin/users/${staff.id}`, { token: staff.token })).status).toBe(403);
  });
});

describe("staff change logs", () => {
  it("log each change with the staff user, the target and the action, and no values", async () => {
    const member = await memberSession(app);
    const info = vi.spyOn(logger, "info");
    await app.call("PATCH", `/api/admin/users/${member.id}`, {
      token: staff.token,
      body: { email: "changed@example.com" },
    });
    await app.call("POST", "/api/admin/users/bulk", {
      token: staff.token,
      body: { ids: [member.id], action: "deactivate" },
    });
    const lines = info.mock.calls.filter(([, msg]) => msg === "staff change").map(([fields]) => fields);
    expect(lines).toEqual([
      { staffUserId: staff.id, targetId: member.id, action: "update", fields: ["email"] },
      { staffUserId: staff.id, targetId: member.id, action: "deactivate", fields: ["isActive"] },
    ]);
    expect(JSON.stringify(info.mock.calls)).not.toContain("changed@example.com");
    info.mockRestore();
  });
});
