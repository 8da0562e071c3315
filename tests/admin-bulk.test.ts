import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, startTestApp, type TestApp } from "./helpers/app";
import { memberSession, seedUsers, staffSession } from "./helpers/admin";

let app: TestApp;
let staff: { id: string; token: string };
beforeAll(async () => {
  app = await startTestApp();
  staff = await staffSession(app);
});
afterAll(() => app.close());

const bulk = (body: unknown) => app.call("POST", "/api/admin/users/bulk", { token: staff.token, body });
const updated = async (body: unknown) => {
  const response = await bulk(body);
  expect(response.status, JSON.stringify(body)).toBe(200);
  return (await json(response)).updated;
};
let n = 0;
const someUsers = (count: number, extra: { isActive?: boolean; deletedAt?: Date } = {}) =>
  seedUsers(
    app,
    Array.from({ length: count }, () => {
      n++;
      return { username: `bulk_${n}`, phoneNumber: `+1303555${String(n).padStart(4, "0")}`, ...extra };
    }),
  );

describe("POST /api/admin/users/bulk", () => {
  it("counts only the rows it really changed", async () => {
    const active = await someUsers(3);
    const inactive = await someUsers(2, { isActive: false });
    const ids = [...active, ...inactive, "no-such-user"];
    expect(await updated({ ids, action: "deactivate" })).toBe(3);
    expect(await updated({ ids, action: "deactivate" })).toBe(0);
    expect(await updated({ ids, action: "activate" })).toBe(5);
    expect(await updated({ ids: [...ids, ...ids], action: "activate" })).toBe(0);
    expect(await app.db.user.count({ where: { id: { in: ids }, isActive: true } })).toBe(5);
  });

  it("deletes and restores, one audit entry per changed user with before/after", async () => {
    const live = await someUsers(2);
    const [gone] = await someUsers(1, { deletedAt: new Date("2024-05-05T05:05:05Z") });
    expect(await updated({ ids: [...live, gone], action: "delete" })).toBe(2);
    expect(await app.db.user.count({ where: { id: { in: live }, deletedAt: { not: null } } })).toBe(2);
    expect(await updated({ ids: [...live, gone], action: "restore" })).toBe(3);
    expect(await app.db.user.count({ where: { id: { in: [...live, gone] } } })).toBe(3);

    const entries = await app.db.auditLog.findMany({
      where: { targetId: { in: [...live, gone] } },
      orderBy: { createdAt: "asc" },
    });
    expect(entries).toHaveLength(5);
    expect(entries.every((e) => e.actorId === staff.id)).toBe(true);
    const goneEntries = entries.filter((e) => e.targetId === gone);
    expect(goneEntries.map((e) => [e.action, e.changes])).toEqual([
      ["restore", { deletedAt: { before: "2024-05-05T05:05:05.000Z", after: null } }],
    ]);
    const deleted = entries.filter((e) => e.action === "delete");
    expect(deleted).toHaveLength(2);
    for (const entry of deleted) {
      expect(entry.changes).toEqual({ deletedAt: { before: null, after: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) } });
    }
  });

  it("deactivating or deleting revokes those users' tokens; the staff user's own id is skipped", async () => {
    const a = await memberSession(app);
    const b = await memberSession(app);
    expect(await updated({ ids: [a.id, staff.id], action: "deactivate" })).toBe(1);
    expect(await updated({ ids: [b.id, staff.id], action: "delete" })).toBe(1);
    for (const token of [a.token, b.token]) expect((await app.call("GET", "/api/auth/me", { token })).status).toBe(401);
    expect((await app.call("GET", "/api/auth/me", { token: staff.token })).status).toBe(200);
  });

  it("changes nothing it was not asked to", async () => {
    const [target, bystander] = await someUsers(2);
    expect(await updated({ ids: [target], action: "deactivate" })).toBe(1);
    const row = await app.db.user.findUniqueOrThrow({ where: { id: bystander } });
    expect(row.isActive).toBe(true);
    expect(row.tokenVersion).toBe(0);
  });

  it("answers 400 for no ids, more than 1,000, an unknown action or extra fields", async () => {
    const ids = await someUsers(1);
    for (const body of [
      { ids: [], action: "delete" },
      { ids: Array.from({ length: 1001 }, (_, i) => `id${i}`), action: "delete" },
      { ids, action: "purge" },
      { ids: "all", action: "delete" },
      { ids, action: "delete", force: true },
      { action: "delete" },
    ]) {
      const response = await bulk(body);
      expect(response.status, JSON.stringify(body).slice(0, 60)).toBe(400);
      expect((await json(response)).errors).toBeDefined();
    }
    expect(await app.db.user.count({ where: { id: ids[0] } })).toBe(1);
    expect(
      await updated({ ids: Array.from({ length: 1000 }, (_, i) => (i === 0 ? ids[0] : `id${i}`)), action: "delete" }),
    ).toBe(1);
  });
});
