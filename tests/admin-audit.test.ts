import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "@/lib/admin/audit";
import { startTestApp, type TestApp } from "./helpers/app";
import { memberSession, staffSession } from "./helpers/admin";

/** The audit log as /admin/audit lists it: newest first, filtered by staff user and target, in keyset pages. */

let app: TestApp;
let staff: { id: string; token: string };
let other: { id: string; token: string };
let target: Awaited<ReturnType<typeof memberSession>>;

beforeAll(async () => {
  app = await startTestApp();
  staff = await staffSession(app);
  other = await staffSession(app);
  target = await memberSession(app);
  // 7 changes to one user by `staff`, then 1 by `other`.
  for (let i = 0; i < 7; i++) {
    const body = { isActive: i % 2 === 1 };
    expect((await app.call("PATCH", `/api/admin/users/${target.id}`, { token: staff.token, body })).status).toBe(200);
  }
  expect(
    (await app.call("PATCH", `/api/admin/users/${target.id}`, { token: other.token, body: { isStaff: true } })).status,
  ).toBe(200);
});
afterAll(() => app.close());

describe("listAudit", () => {
  it("pages through every entry once, newest first, and says when there are no more", async () => {
    const seen: string[] = [];
    const times: number[] = [];
    let before: string | undefined;
    const sizes: number[] = [];
    do {
      const page = await listAudit({ target: target.id, limit: 3, before });
      sizes.push(page.rows.length);
      seen.push(...page.rows.map((row) => row.id));
      times.push(...page.rows.map((row) => row.createdAt.getTime()));
      before = page.olderBefore;
    } while (before);
    expect(sizes).toEqual([3, 3, 2]);
    expect(new Set(seen).size).toBe(8);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const all = await listAudit({ target: target.id });
    expect(all.rows.map((row) => row.id)).toEqual(seen);
    expect(all.olderBefore).toBeUndefined();
  });

  it("filters by staff user and by target, each by id or username in any case", async () => {
    const byOther = await listAudit({ actor: other.id });
    expect(byOther.rows).toHaveLength(1);
    expect(byOther.rows[0]).toMatchObject({ action: "update", actor: { id: other.id }, target: { id: target.id } });
    const byName = await listAudit({ target: target.username.toUpperCase(), actor: byOther.rows[0].actor!.username });
    expect(byName.rows.map((row) => row.id)).toEqual(byOther.rows.map((row) => row.id));
    expect((await listAudit({ actor: staff.id, target: target.id })).rows).toHaveLength(7);
    expect((await listAudit({ target: "nobody-by-this-name" })).rows).toEqual([]);
  });
});
