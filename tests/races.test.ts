import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshIp, json, newUser, startTestApp, type TestApp } from "./helpers/app";
import { memberSession, seedUsers, staffSession } from "./helpers/admin";

/**
 * Races the single-request tests cannot see. Each fires its requests at once and checks what the
 * database and the audit log hold afterwards. Covered elsewhere, so not repeated here: parallel
 * sign-ups of one username (accounts-register), 20 parallel wrong logins by one username
 * (accounts-login, lockout), parallel resets with one code (recovery).
 */

const MAX_FAILURES = 3;
let app: TestApp;
let staff: { id: string; token: string };
beforeAll(async () => {
  // A generous per-IP rate limit, so every 429 below is the lockout's; a non-default lockout size.
  app = await startTestApp({ RATE_LIMIT_PER_MINUTE: "500", LOGIN_MAX_FAILURES: String(MAX_FAILURES) });
  staff = await staffSession(app);
});
afterAll(() => app.close());

const register = (body: Record<string, unknown>) => app.call("POST", "/api/auth/register", { body, ip: freshIp() });

/** Exactly one 201; every other answer a 409 naming only `field`. */
async function expectOneWinner(responses: Response[], field: string) {
  expect(responses.map((r) => r.status).filter((s) => s === 201)).toHaveLength(1);
  for (const response of responses.filter((r) => r.status !== 201)) {
    expect(response.status).toBe(409);
    expect(Object.keys((await json(response)).errors ?? {})).toEqual([field]);
  }
}

describe("parallel sign-ups of one value written differently", () => {
  it("one phone number in seven written forms: one account, six 409s naming phoneNumber", async () => {
    const forms = [
      "+1 718 555 0177",
      "(718) 555-0177",
      "7185550177",
      "718-555-0177",
      "+17185550177",
      "1 718 555 0177",
      "718.555.0177",
    ];
    const responses = await Promise.all(
      forms.map((phoneNumber) => register(newUser({ phoneNumber, email: undefined }))),
    );
    await expectOneWinner(responses, "phoneNumber");
    expect(await app.db.user.count({ where: { phoneNumber: "+17185550177" } })).toBe(1);
  });

  it("one e-mail in six letter cases: one account, five 409s naming email", async () => {
    const forms = [
      "race.mail@example.com",
      "Race.Mail@example.com",
      "RACE.MAIL@EXAMPLE.COM",
      "race.mail@Example.COM",
      "rAcE.mAiL@example.com",
      "Race.mail@EXAMPLE.com",
    ];
    const responses = await Promise.all(forms.map((email) => register(newUser({ email }))));
    await expectOneWinner(responses, "email");
    const rows = await app.db.$queryRaw<
      { n: bigint }[]
    >`SELECT count(*) AS n FROM "User" WHERE lower("email") = 'race.mail@example.com'`;
    expect(Number(rows[0].n)).toBe(1);
  });
});

describe("parallel wrong logins through POST /api/auth/login", () => {
  it(`check at most LOGIN_MAX_FAILURES (${MAX_FAILURES}) passwords, whichever identifier names the account; then the right one is locked too`, async () => {
    const user = await memberSession(app);
    const e164 = `+1212555${user.phoneNumber.slice(-4)}`;
    const identifiers = [user.username, user.username.toUpperCase(), user.phoneNumber, e164];
    const ip = freshIp();
    const login = (identifier: string, password: string) =>
      app.call("POST", "/api/auth/login", { body: { identifier, password }, ip });
    const responses = await Promise.all(
      Array.from({ length: 16 }, (_, i) => login(identifiers[i % 4], `wrong-guess-${i}`)),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(MAX_FAILURES);
    expect(statuses.filter((s) => s === 429)).toHaveLength(16 - MAX_FAILURES);
    for (const response of responses.filter((r) => r.status === 429)) {
      expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
      expect((await json(response)).detail).toMatch(/failed sign-in attempts.*reset your password/);
    }
    expect((await login(user.username, user.password)).status).toBe(429);
    // Another client is not locked out by it.
    expect(
      (
        await app.call("POST", "/api/auth/login", {
          body: { identifier: e164, password: user.password },
          ip: freshIp(),
        })
      ).status,
    ).toBe(200);
  });
});

let seeded = 0;
const someUsers = (count: number, isActive = true) =>
  seedUsers(
    app,
    Array.from({ length: count }, () => ({
      username: `race_${++seeded}`,
      phoneNumber: `+1305555${String(seeded).padStart(4, "0")}`,
      isActive,
    })),
  );
const bulk = async (ids: string[], action: string) => {
  const response = await app.call("POST", "/api/admin/users/bulk", { token: staff.token, body: { ids, action } });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await json(response)).updated as number;
};
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe("parallel bulk actions on overlapping ids", () => {
  it("4 deactivations of overlapping ranges of 50: each user changed, counted and audited once", async () => {
    const ids = await someUsers(140);
    const bystanders = ids.slice(125);
    const counts = await Promise.all([0, 25, 50, 75].map((start) => bulk(ids.slice(start, start + 50), "deactivate")));
    expect(sum(counts)).toBe(125);
    expect(await app.db.user.count({ where: { id: { in: ids }, isActive: false } })).toBe(125);
    const entries = await app.db.auditLog.findMany({
      where: { targetId: { in: ids } },
      select: { targetId: true, action: true },
    });
    expect(entries).toHaveLength(125);
    expect(new Set(entries.map((e) => e.targetId)).size).toBe(125);
    expect(entries.every((e) => e.action === "deactivate")).toBe(true);
    expect(entries.some((e) => bystanders.includes(e.targetId))).toBe(false);
    const versions = await app.db.user.findMany({
      where: { id: { in: ids } },
      select: { id: true, tokenVersion: true },
    });
    for (const { id, tokenVersion } of versions) expect(tokenVersion, id).toBe(bystanders.includes(id) ? 0 : 1);
  });

  it("rounds of mixed activate/deactivate: updated = audit entries, and every user's entries explain its state", async () => {
    const ids = [...(await someUsers(50, true)), ...(await someUsers(50, false))];
    const started = new Map(ids.map((id, i) => [id, i < 50]));
    const plan: Array<[number, number, string]> = [
      [0, 60, "activate"],
      [20, 80, "deactivate"],
      [40, 100, "activate"],
      [0, 40, "deactivate"],
      [30, 70, "activate"],
      [60, 100, "deactivate"],
    ];
    let total = 0;
    for (let round = 0; round < 3; round++) {
      total += sum(await Promise.all(plan.map(([from, to, action]) => bulk(ids.slice(from, to), action))));
    }
    const entries = await app.db.auditLog.findMany({
      where: { targetId: { in: ids } },
      select: { targetId: true, action: true },
    });
    expect(entries).toHaveLength(total);
    const rows = await app.db.user.findMany({
      where: { id: { in: ids } },
      select: { id: true, isActive: true, tokenVersion: true },
    });
    for (const row of rows) {
      const mine = entries.filter((e) => e.targetId === row.id);
      const ups = mine.filter((e) => e.action === "activate").length;
      const downs = mine.filter((e) => e.action === "deactivate").length;
      // Changes alternate, so the counts differ by the net change from the first state to the last.
      expect(ups - downs, row.id).toBe(Number(row.isActive) - Number(started.get(row.id)));
      // Every real deactivation revoked the user's tokens exactly once.
      expect(row.tokenVersion, row.id).toBe(downs);
    }
  });
});

describe("parallel PATCHes giving two users one value", () => {
  const patch = (id: string, body: unknown) =>
    app.call("PATCH", `/api/admin/users/${id}`, { token: staff.token, body });

  it.each([
    ["email", (n: number) => [`shared.${n}@example.com`, `Shared.${n}@Example.com`]],
    ["phoneNumber", (n: number) => [`+1 (786) 555-01${n}`, `786555 01${n}`]],
  ] as const)("%s: one 200 and one 409 naming it, never a 500; one audit entry", async (field, values) => {
    for (let n = 10; n < 16; n++) {
      const [a, b] = await someUsers(2);
      const [first, second] = values(n);
      const responses = await Promise.all([patch(a, { [field]: first }), patch(b, { [field]: second })]);
      expect(responses.map((r) => r.status).sort()).toEqual([200, 409]);
      const loser = responses.find((r) => r.status === 409) as Response;
      expect(Object.keys((await json(loser)).errors ?? {})).toEqual([field]);
      expect(await app.db.auditLog.count({ where: { targetId: { in: [a, b] } } })).toBe(1);
    }
  });
});
