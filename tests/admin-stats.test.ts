import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EVENT_TYPES, type EventType } from "@/lib/events/types";
import { deletedScope } from "@/lib/db/users";
import { Prisma } from "@/lib/generated/prisma/client";
import { purgeStaleRows } from "@/lib/mail/cleanup";
import { memberSession, staffSession } from "./helpers/admin";
import { freshIp, json, startTestApp, type TestApp } from "./helpers/app";

/**
 * The staff overview's figures (GET /api/admin/stats) against the truth: per UTC day, the events
 * as they were written (single rows, createMany batches, raw multi-row INSERTs, in parallel, some
 * older than the window); totals, the User table after random mixes of user changes. The
 * counters are the database's own (statement triggers), so every way of writing must agree.
 */

let app: TestApp;
let staff: { id: string; token: string };
beforeAll(async () => {
  app = await startTestApp();
  staff = await staffSession(app);
});
afterAll(async () => {
  await app.close();
});

type Daily = {
  date: string;
  signUps: number;
  signIns: number;
  failedSignIns: number;
  lockouts: number;
  rateLimited: number;
  passwordResets: number;
};
type Stats = {
  totals: { users: number; active: number; staff: number; emailVerified: number; mfaEnabled: number };
  daily: Daily[];
};

async function stats(query = "", token = staff.token): Promise<Stats> {
  const response = await app.call("GET", `/api/admin/stats${query}`, { token, ip: freshIp() });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as Stats;
}

const DAY_MS = 86_400_000;
const SERIES: Record<Exclude<keyof Daily, "date">, EventType> = {
  signUps: "sign_up",
  signIns: "sign_in",
  failedSignIns: "sign_in_failed",
  lockouts: "lockout",
  rateLimited: "rate_limited",
  passwordResets: "password_reset",
};

describe("daily counts", () => {
  // A moment in one of the last ~100 UTC days, often on a day's first or last millisecond.
  const moment = fc.record({
    daysAgo: fc.integer({ min: 0, max: 100 }),
    at: fc.oneof(fc.constant(0), fc.constant(DAY_MS - 1), fc.integer({ min: 0, max: DAY_MS - 1 })),
  });
  // Counted types mostly, and others that must not be counted.
  const type = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...Object.values(SERIES)) },
    { weight: 1, arbitrary: fc.constantFrom(...EVENT_TYPES) },
  );
  const batch = fc.record({
    how: fc.constantFrom("create", "createMany", "raw"),
    events: fc.array(fc.record({ type, moment }), { minLength: 1, maxLength: 25 }),
  });

  it("equal, per UTC day, the events written, however they were written", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(batch, { maxLength: 6 }), fc.integer({ min: 1, max: 90 }), async (batches, days) => {
        // Empties the record; its truncate trigger empties the counters.
        await app.db.$executeRawUnsafe(`TRUNCATE "SecurityEvent"`);
        const now = new Date();
        const todayStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
        const written = batches.map(({ how, events }) => ({
          how,
          rows: events.map(({ type, moment }) => ({
            type,
            at: new Date(Math.min(todayStart - moment.daysAgo * DAY_MS + moment.at, now.getTime())),
          })),
        }));
        // In parallel: on PostgreSQL, concurrent statements add to the same days.
        await Promise.all(written.map(({ how, rows }) => write(how, rows)));

        const body = await stats(`?days=${days}`);
        expect(body.daily).toHaveLength(days);
        expect(body.daily.at(-1)!.date).toBe(new Date(todayStart).toISOString().slice(0, 10));
        const all = written.flatMap((w) => w.rows);
        for (const [i, day] of body.daily.entries()) {
          expect(day.date).toBe(new Date(todayStart - (days - 1 - i) * DAY_MS).toISOString().slice(0, 10));
          const onDay = all.filter((row) => row.at.toISOString().slice(0, 10) === day.date);
          const expected = Object.fromEntries(
            Object.entries(SERIES).map(([key, type]) => [key, onDay.filter((row) => row.type === type).length]),
          );
          expect(day).toEqual({ date: day.date, ...expected });
        }
      }),
      { numRuns: 25 },
    );
  });

  async function write(how: string, rows: { type: EventType; at: Date }[]): Promise<void> {
    if (how === "create") {
      for (const data of rows) await app.db.securityEvent.create({ data });
    } else if (how === "createMany") {
      await app.db.securityEvent.createMany({ data: rows });
    } else {
      const values = rows.map(
        (row) => Prisma.sql`(${row.type}, (${row.at.toISOString()}::timestamptz AT TIME ZONE 'UTC'))`,
      );
      await app.db.$executeRaw`INSERT INTO "SecurityEvent" ("type", "at") VALUES ${Prisma.join(values)}`;
    }
  }

  it("default to 30 days, today last", async () => {
    const body = await stats();
    expect(body.daily).toHaveLength(30);
    expect(body.daily.at(-1)!.date).toBe(new Date().toISOString().slice(0, 10));
  });
});

describe("the purge", () => {
  it("drops the daily counts of days past the event retention, and keeps the rest", async () => {
    await app.db.$executeRawUnsafe(`TRUNCATE "SecurityEvent"`);
    const now = Date.now();
    // The default retention is 90 days.
    for (const daysAgo of [0, 1, 89, 91, 92, 400])
      await app.db.securityEvent.create({ data: { type: "sign_in", at: new Date(now - daysAgo * DAY_MS) } });
    const before = await stats("?days=90");
    const purged = await purgeStaleRows(app.db);
    expect(purged.eventDailyCounts).toBeGreaterThanOrEqual(3);
    const cutoff = new Date(now - 90 * DAY_MS).toISOString().slice(0, 10);
    const left = await app.db.eventDailyCount.findMany({ select: { day: true } });
    expect(left.length).toBeGreaterThan(0);
    for (const { day } of left) expect(day.toISOString().slice(0, 10) >= cutoff).toBe(true);
    expect(await stats("?days=90")).toEqual(before);
  });
});

describe("totals", () => {
  let serial = 0;
  const newUserData = (flags: {
    isActive: boolean;
    isStaff: boolean;
    verified: boolean;
    mfa: boolean;
    deleted: boolean;
  }) => {
    serial++;
    const n = String(serial).padStart(5, "0");
    return {
      username: `totals_${n}`,
      phoneNumber: `+1303555${n.slice(-4)}`,
      email: `totals_${n}@example.com`,
      passwordHash: "not-a-hash",
      isActive: flags.isActive,
      isStaff: flags.isStaff,
      emailVerified: flags.verified ? new Date() : null,
      mfaEnabled: flags.mfa,
      deletedAt: flags.deleted ? new Date() : null,
    };
  };
  const flags = fc.record({
    isActive: fc.boolean(),
    isStaff: fc.boolean(),
    verified: fc.boolean(),
    mfa: fc.boolean(),
    deleted: fc.boolean(),
  });
  const pick = fc.nat();
  const operation = fc.oneof(
    fc.record({ op: fc.constant("create" as const), flags }),
    fc.record({ op: fc.constant("createMany" as const), many: fc.array(flags, { minLength: 1, maxLength: 5 }) }),
    fc.record({
      op: fc.constantFrom("softDelete", "restore", "hardDelete", "toggleActive", "toggleStaff", "verify", "mfa"),
      pick,
    }),
    fc.record({
      op: fc.constant("updateMany" as const),
      picks: fc.array(pick, { maxLength: 6 }),
      data: fc.record(
        { isActive: fc.boolean(), isStaff: fc.boolean(), mfaEnabled: fc.boolean(), deleted: fc.boolean() },
        { requiredKeys: [] },
      ),
    }),
  );

  it("equal the User table's counts after any mix of user changes", async () => {
    const ids: string[] = [];
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 12 }), async (operations) => {
        for (const step of operations) await apply(step, ids);
        const notDeleted = { deletedAt: null };
        const [users, active, staffCount, emailVerified, mfaEnabled] = await Promise.all([
          app.db.user.count({ where: notDeleted }),
          app.db.user.count({ where: { ...notDeleted, isActive: true } }),
          app.db.user.count({ where: { ...notDeleted, isStaff: true } }),
          app.db.user.count({ where: { ...notDeleted, emailVerified: { not: null } } }),
          app.db.user.count({ where: { ...notDeleted, mfaEnabled: true } }),
        ]);
        expect((await stats("?days=1")).totals).toEqual({
          users,
          active,
          staff: staffCount,
          emailVerified,
          mfaEnabled,
        });
      }),
      { numRuns: 30 },
    );
  });

  // Deleted users too: the operations reach every user the test made.
  const anyUser = deletedScope("include");
  type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;

  async function apply(step: Operation, ids: string[]): Promise<void> {
    const users = app.db.user;
    const target = "pick" in step && ids.length > 0 ? ids[step.pick % ids.length] : undefined;
    switch (step.op) {
      case "create":
        ids.push((await users.create({ data: newUserData(step.flags), select: { id: true } })).id);
        return;
      case "createMany": {
        const rows = step.many.map(newUserData);
        await users.createMany({ data: rows });
        const made = await users.findMany({ where: { ...anyUser, username: { in: rows.map((r) => r.username) } } });
        ids.push(...made.map((user) => user.id));
        return;
      }
      case "updateMany": {
        const { deleted, ...data } = step.data;
        const where = {
          ...anyUser,
          id: { in: step.picks.map((p) => ids[p % Math.max(ids.length, 1)]).filter(Boolean) },
        };
        await users.updateMany({
          where,
          data: { ...data, ...(deleted === undefined ? {} : { deletedAt: deleted ? new Date() : null }) },
        });
        return;
      }
    }
    if (!target) return;
    const current = await users.findUniqueOrThrow({ where: { ...anyUser, id: target } });
    const update = (data: Prisma.UserUpdateInput) => users.update({ where: { ...anyUser, id: target }, data });
    switch (step.op) {
      case "softDelete":
        await update({ deletedAt: new Date() });
        break;
      case "restore":
        await update({ deletedAt: null });
        break;
      case "hardDelete":
        await users.delete({ where: { id: target } });
        ids.splice(ids.indexOf(target), 1);
        break;
      case "toggleActive":
        await update({ isActive: !current.isActive });
        break;
      case "toggleStaff":
        await update({ isStaff: !current.isStaff });
        break;
      case "verify":
        await update({ emailVerified: current.emailVerified ? null : new Date() });
        break;
      case "mfa":
        await update({ mfaEnabled: !current.mfaEnabled });
        break;
    }
  }
});

describe("access and input", () => {
  it("refuses a bad number of days with 400 and says why", async () => {
    for (const days of ["0", "91", "x", "1.5", "-3"]) {
      const response = await app.call("GET", `/api/admin/stats?days=${days}`, { token: staff.token, ip: freshIp() });
      expect(response.status, days).toBe(400);
      expect(response.headers.get("content-type")).toContain("application/problem+json");
      expect((await json(response)).errors).toEqual({ days: ["Use a whole number of days from 1 to 90."] });
    }
    expect((await stats("?days=90")).daily).toHaveLength(90);
    expect((await stats("?days=1")).daily).toHaveLength(1);
  });

  it("answers 401 without a token and 403 to a user who is not staff", async () => {
    const anonymous = await app.call("GET", "/api/admin/stats", { ip: freshIp() });
    expect(anonymous.status).toBe(401);
    const member = await memberSession(app);
    const refused = await app.call("GET", "/api/admin/stats", { token: member.token, ip: freshIp() });
    expect(refused.status).toBe(403);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
  });
});
