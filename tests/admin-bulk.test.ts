import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyBulkActionToMatching } from "@/lib/admin/bulk";
import { ValidationError } from "@/lib/errors";
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

describe("applyBulkActionToMatching (the console's select all N matching)", () => {
  const marker = () => `mx${(n++).toString(36)}z`;
  const seedMatching = (tag: string, count: number, extra: { isActive?: boolean; deletedAt?: Date } = {}) =>
    seedUsers(
      app,
      Array.from({ length: count }, (_, i) => {
        n++;
        return {
          username: `${tag}_${i}_${n}`,
          phoneNumber: `+1303556${String(n).padStart(4, "0")}`,
          ...extra,
        };
      }),
    );
  const actor = () => ({ id: staff.id });

  it("changes exactly the users the filter matches, in batches, and audits each", async () => {
    const tag = marker();
    const matching = await seedMatching(tag, 7);
    const alreadyInactive = await seedMatching(tag, 2, { isActive: false });
    const deleted = await seedMatching(tag, 1, { deletedAt: new Date() });
    const bystanders = await someUsers(3);

    const result = await applyBulkActionToMatching(
      actor(),
      { action: "deactivate", filter: { q: tag.toUpperCase() } },
      { max: 100, batch: 3 },
    );
    expect(result).toEqual({ updated: 7 });

    const rows = await app.db.user.findMany({
      where: { id: { in: [...matching, ...alreadyInactive, ...deleted, ...bystanders] } },
      select: { id: true, isActive: true, tokenVersion: true },
    });
    const byId = new Map(rows.map((row) => [row.id, row]));
    for (const id of matching) expect(byId.get(id)).toMatchObject({ isActive: false, tokenVersion: 1 });
    for (const id of alreadyInactive) expect(byId.get(id)).toMatchObject({ isActive: false, tokenVersion: 0 });
    for (const id of bystanders) expect(byId.get(id)).toMatchObject({ isActive: true, tokenVersion: 0 });
    // The filter hides deleted users by default, so the deleted one is not touched.
    const hidden = await app.db.user.findFirstOrThrow({ where: { id: deleted[0], deletedAt: { not: null } } });
    expect(hidden).toMatchObject({ isActive: true, tokenVersion: 0 });

    const entries = await app.db.auditLog.findMany({
      where: { targetId: { in: [...matching, ...alreadyInactive, ...deleted, ...bystanders] } },
    });
    expect(entries.map((e) => e.targetId).sort()).toEqual([...matching].sort());
    for (const entry of entries) {
      expect(entry).toMatchObject({
        actorId: staff.id,
        action: "deactivate",
        changes: { isActive: { before: true, after: false } },
      });
    }
  });

  it("uses every filter: only deleted ones are restored, only within the joined range", async () => {
    const tag = marker();
    const old = await seedUsers(app, [
      {
        username: `${tag}_old`,
        phoneNumber: "+13035570001",
        deletedAt: new Date(),
        dateJoined: new Date("2020-01-01"),
      },
    ]);
    const recent = await seedUsers(app, [
      {
        username: `${tag}_new`,
        phoneNumber: "+13035570002",
        deletedAt: new Date(),
        dateJoined: new Date("2024-06-01"),
      },
    ]);
    const result = await applyBulkActionToMatching(actor(), {
      action: "restore",
      filter: { q: tag, deleted: "only", joinedFrom: "2024-01-01" },
    });
    expect(result).toEqual({ updated: 1 });
    expect(await app.db.user.count({ where: { id: recent[0] } })).toBe(1);
    expect(await app.db.user.count({ where: { id: old[0] } })).toBe(0);
  });

  it("refuses more matches than the cap before changing anyone", async () => {
    const tag = marker();
    const ids = await seedMatching(tag, 6);
    await expect(
      applyBulkActionToMatching(actor(), { action: "delete", filter: { q: tag } }, { max: 5, batch: 2 }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(await app.db.user.count({ where: { id: { in: ids } } })).toBe(6);
    expect(await app.db.auditLog.count({ where: { targetId: { in: ids } } })).toBe(0);
    // Exactly the cap is allowed.
    await app.db.user.delete({ where: { id: ids[0] } });
    expect(
      await applyBulkActionToMatching(actor(), { action: "delete", filter: { q: tag } }, { max: 5, batch: 2 }),
    ).toEqual({ updated: 5 });
  });

  it("skips the staff user's own account when deactivating everyone", async () => {
    const me = await app.db.user.findUniqueOrThrow({ where: { id: staff.id }, select: { username: true } });
    const result = await applyBulkActionToMatching(actor(), {
      action: "deactivate",
      filter: { q: me.username, isStaff: "true" },
    });
    expect(result).toEqual({ updated: 0 });
    expect((await app.db.user.findUniqueOrThrow({ where: { id: staff.id } })).isActive).toBe(true);
  });

  it("refuses an unknown action, a bad filter value or extra fields", async () => {
    for (const input of [
      { action: "purge", filter: {} },
      { action: "delete", filter: { isActive: "maybe" } },
      { action: "delete", filter: {}, ids: ["x"] },
      { action: "delete" },
    ]) {
      await expect(applyBulkActionToMatching(actor(), input), JSON.stringify(input)).rejects.toBeInstanceOf(
        ValidationError,
      );
    }
  });
});
