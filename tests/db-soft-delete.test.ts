import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PUBLIC_USER_FIELDS } from "./helpers/public-fields";
import { Prisma } from "@/lib/generated/prisma/client";
import { deletedScope, userSelect } from "@/lib/db/users";
import { createTestDb, type TestDb } from "./helpers/test-db";

let t: TestDb;
let liveId: string;
let deletedId: string;

beforeAll(async () => {
  t = await createTestDb();
  const base = { passwordHash: "hash", isStaff: false };
  liveId = (await t.db.user.create({ data: { ...base, username: "live_one", phoneNumber: "+14155550001" } })).id;
  deletedId = (
    await t.db.user.create({
      data: { ...base, username: "gone_one", phoneNumber: "+14155550002", deletedAt: new Date() },
    })
  ).id;
});
afterAll(async () => {
  await t?.close();
});

describe("user soft delete", () => {
  it("hides deleted users from reads that do not ask for them", async () => {
    expect(await t.db.user.findUnique({ where: { id: deletedId } })).toBeNull();
    expect(await t.db.user.findFirst({ where: { username: "gone_one" } })).toBeNull();
    expect((await t.db.user.findMany()).map((u) => u.id)).toEqual([liveId]);
    expect(await t.db.user.count()).toBe(1);
    await expect(t.db.user.findUniqueOrThrow({ where: { id: deletedId } })).rejects.toMatchObject({ code: "P2025" });
    expect(await t.db.user.findUnique({ where: { id: liveId } })).not.toBeNull();
  });

  it("hides them inside transactions too", async () => {
    const count = await t.db.$transaction(async (tx) => tx.user.count());
    expect(count).toBe(1);
  });

  it("does not update a deleted user by accident", async () => {
    const error = await t.db.user
      .update({ where: { id: deletedId }, data: { isActive: false } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    expect((error as Prisma.PrismaClientKnownRequestError).code).toBe("P2025");
    const { count } = await t.db.user.updateMany({
      where: { id: { in: [liveId, deletedId] } },
      data: { isStaff: false },
    });
    expect(count).toBe(1);
  });

  it("shows deleted users when the caller asks, with deletedScope", async () => {
    const ids = async (scope: "exclude" | "include" | "only") =>
      (await t.db.user.findMany({ where: { ...deletedScope(scope) }, orderBy: { username: "asc" } })).map((u) => u.id);
    expect(await ids("exclude")).toEqual([liveId]);
    expect(await ids("include")).toEqual([deletedId, liveId]);
    expect(await ids("only")).toEqual([deletedId]);
    expect(await t.db.user.count({ where: deletedScope("include") })).toBe(2);
  });

  it("lets restore name deleted users explicitly", async () => {
    const restored = await t.db.user.update({
      where: { id: deletedId, deletedAt: { not: null } },
      data: { deletedAt: null },
      select: userSelect,
    });
    expect(restored.deletedAt).toBeNull();
    expect(await t.db.user.count()).toBe(2);
    await t.db.user.update({ where: { id: deletedId }, data: { deletedAt: new Date() } });
    expect(await t.db.user.count()).toBe(1);
  });

  it("selects public fields only", async () => {
    const user = await t.db.user.findUniqueOrThrow({ where: { id: liveId }, select: userSelect });
    expect(Object.keys(user).sort()).toEqual(PUBLIC_USER_FIELDS);
    expect(user).not.toHaveProperty("passwordHash");
  });
});
