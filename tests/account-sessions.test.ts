import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { purgeStaleRows } from "@/lib/mail/cleanup";
import { deliverAllMail, startOtherInstance, type OtherInstance } from "./helpers/account";
import { staffSession } from "./helpers/admin";
import { freshIp, json, newUser, startTestApp, type TestApp } from "./helpers/app";
import { createSmtpCapture, longNumbers, RESET_SUBJECT, type SmtpCapture } from "./helpers/smtp-capture";
import { createTestDb, serverUrlForTests, type TestDb } from "./helpers/test-db";

/**
 * Sessions through the real API app over real PostgreSQL: every sign-in makes
 * one, the owner lists and ends them, a reset, deactivation or deletion ends them all, and an
 * ended session is refused at its next request, on this instance and on another process's.
 * Also the security events of signing in and out, and the purge of dead sessions and old events.
 */

const MAX_FAILURES = 3;
const RETENTION_DAYS = 30;
const DAY_MS = 86_400_000;

let app: TestApp;
let smtp: SmtpCapture;
/** A database opened by URL (with a PostgreSQL server), so that another process can open it too. */
let sharedDb: TestDb | undefined;
beforeAll(async () => {
  smtp = await createSmtpCapture();
  sharedDb = serverUrlForTests() ? await createTestDb() : undefined;
  app = await startTestApp({
    SMTP_URL: smtp.url,
    LOGIN_MAX_FAILURES: String(MAX_FAILURES),
    EVENT_RETENTION_DAYS: String(RETENTION_DAYS),
    ...(sharedDb ? { DATABASE_URL: sharedDb.databaseUrl } : {}),
  });
});
afterAll(async () => {
  await app.close();
  await sharedDb?.close();
  await smtp.close();
});

type SessionJson = {
  id: string;
  kind: string;
  createdAt: string;
  lastSeenAt: string;
  ip: string;
  userAgent: string;
  current: boolean;
};

const sidOf = (token: string) => decodeJwt(token).sid as string;
const me = (token: string) => app.call("GET", "/api/auth/me", { token });
const login = (identifier: string, password: string, ip = freshIp(), userAgent = "sessions-test") =>
  app.call("POST", "/api/auth/login", { body: { identifier, password }, ip, headers: { "user-agent": userAgent } });

async function signUp(ip = freshIp(), userAgent = "sessions-test") {
  const body = newUser();
  const response = await app.call("POST", "/api/auth/register", { body, ip, headers: { "user-agent": userAgent } });
  expect(response.status).toBe(201);
  const data = await json(response);
  return { ...body, id: (data.user as { id: string }).id, token: data.accessToken as string };
}

async function tokenOf(identifier: string, password: string, ip?: string, userAgent?: string): Promise<string> {
  const response = await login(identifier, password, ip, userAgent);
  expect(response.status).toBe(200);
  return (await json(response)).accessToken as string;
}

async function sessionsOf(token: string): Promise<SessionJson[]> {
  const response = await app.call("GET", "/api/account/sessions", { token });
  expect(response.status).toBe(200);
  return (await json(response)).items as SessionJson[];
}

async function expectProblem(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  expect((await json(response)).status).toBe(status);
}

/** Events of the user (or of an IP, for unknown accounts), oldest first. */
const eventsWhere = (where: { userId?: string | null; ip?: string; type?: string }) =>
  app.db.securityEvent.findMany({ where, orderBy: [{ at: "asc" }, { id: "asc" }] });

describe("a session per sign-in", () => {
  it("register creates an api session with the caller's IP and User-Agent, marked current", async () => {
    const ip = freshIp();
    const before = Date.now();
    const user = await signUp(ip, "Register-Agent/1.0 (X11; Linux x86_64)");
    const after = Date.now();
    const [session, ...others] = await sessionsOf(user.token);
    expect(others).toEqual([]);
    expect(session).toEqual({
      id: sidOf(user.token),
      kind: "api",
      createdAt: expect.any(String),
      lastSeenAt: expect.any(String),
      ip,
      userAgent: "Register-Agent/1.0 (X11; Linux x86_64)",
      current: true,
    });
    const createdAt = Date.parse(session.createdAt);
    expect(createdAt).toBeGreaterThanOrEqual(before);
    expect(createdAt).toBeLessThanOrEqual(after);
    expect(Date.parse(session.lastSeenAt)).toBeGreaterThanOrEqual(createdAt);
  });

  it("login creates another session; the list holds live sessions newest first, current marking the caller's", async () => {
    const user = await signUp(freshIp(), "agent-register");
    const firstIp = freshIp();
    const first = await tokenOf(user.username, user.password, firstIp, "agent-login-1");
    const second = await tokenOf(user.phoneNumber, user.password, freshIp(), "agent-login-2");

    const seenBySecond = await sessionsOf(second);
    expect(seenBySecond.map((s) => s.userAgent)).toEqual(["agent-login-2", "agent-login-1", "agent-register"]);
    expect(seenBySecond.map((s) => s.id)).toEqual([sidOf(second), sidOf(first), sidOf(user.token)]);
    expect(seenBySecond.map((s) => s.current)).toEqual([true, false, false]);
    expect(seenBySecond.every((s) => s.kind === "api")).toBe(true);
    expect(seenBySecond[1].ip).toBe(firstIp);
    const times = seenBySecond.map((s) => Date.parse(s.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    expect((await sessionsOf(first)).map((s) => s.current)).toEqual([false, true, false]);
  });
});

describe("ending sessions", () => {
  it("DELETE of another of one's sessions answers 204, and that token gets 401 at its next request", async () => {
    const user = await signUp();
    const other = await tokenOf(user.username, user.password);
    expect((await me(other)).status).toBe(200);

    const response = await app.call("DELETE", `/api/account/sessions/${sidOf(other)}`, { token: user.token });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe("");

    await expectProblem(await me(other), 401);
    expect((await me(user.token)).status).toBe(200);
    expect((await sessionsOf(user.token)).map((s) => s.id)).toEqual([sidOf(user.token)]);
  });

  it("DELETE of someone else's session, an unknown id or an ended one answers 404, and the other user's session still works", async () => {
    const owner = await signUp();
    const stranger = await signUp();
    const ended = await tokenOf(owner.username, owner.password);
    expect((await app.call("DELETE", `/api/account/sessions/${sidOf(ended)}`, { token: owner.token })).status).toBe(
      204,
    );

    for (const id of [sidOf(stranger.token), "no-such-session-id", sidOf(ended)]) {
      await expectProblem(await app.call("DELETE", `/api/account/sessions/${id}`, { token: owner.token }), 404);
    }
    expect((await me(stranger.token)).status).toBe(200);
    expect((await sessionsOf(stranger.token)).map((s) => s.id)).toEqual([sidOf(stranger.token)]);
  });

  it("revoke-others answers {revoked: n}: the caller still works, every other session gets 401", async () => {
    const user = await signUp();
    const caller = await tokenOf(user.username, user.password);
    const third = await tokenOf(user.username, user.password);

    const response = await app.call("POST", "/api/account/sessions/revoke-others", { token: caller });
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({ revoked: 2 });

    expect((await me(caller)).status).toBe(200);
    await expectProblem(await me(user.token), 401);
    await expectProblem(await me(third), 401);
    expect((await sessionsOf(caller)).map((s) => s.id)).toEqual([sidOf(caller)]);
    expect(await json(await app.call("POST", "/api/account/sessions/revoke-others", { token: caller }))).toEqual({
      revoked: 0,
    });
  });

  it("logout answers 204, then that token gets 401, and logging out again gets 401", async () => {
    const user = await signUp();
    const other = await tokenOf(user.username, user.password);

    const response = await app.call("POST", "/api/auth/logout", { token: user.token });
    expect(response.status).toBe(204);
    await expectProblem(await me(user.token), 401);
    await expectProblem(await app.call("POST", "/api/auth/logout", { token: user.token }), 401);

    expect((await me(other)).status).toBe(200);
    expect((await sessionsOf(other)).map((s) => s.id)).toEqual([sidOf(other)]);
  });
});

describe("changes that end every session", () => {
  it("a password reset ends every session; the sessions list then holds only the new sign-in", async () => {
    const user = await signUp();
    const other = await tokenOf(user.username, user.password);

    expect(
      (await app.call("POST", "/api/auth/forgot-password", { body: { email: user.email }, ip: freshIp() })).status,
    ).toBe(202);
    await deliverAllMail();
    const [code] = longNumbers((await smtp.nextMessageTo(user.email, undefined, RESET_SUBJECT)).text);
    const newPassword = "silver-orchard-reset-7";
    const reset = await app.call("POST", "/api/auth/reset-password", {
      body: { email: user.email, otp: code, newPassword },
      ip: freshIp(),
    });
    expect(reset.status).toBe(200);

    for (const token of [user.token, other]) {
      await expectProblem(await me(token), 401);
      await expectProblem(await app.call("GET", "/api/account/sessions", { token }), 401);
    }
    const fresh = await tokenOf(user.username, newPassword);
    expect((await sessionsOf(fresh)).map((s) => s.id)).toEqual([sidOf(fresh)]);
  });

  it("a staff deactivation ends every session, and reactivation does not bring them back", async () => {
    const staff = await staffSession(app);
    const user = await signUp();
    const other = await tokenOf(user.username, user.password);
    const patch = (isActive: boolean) =>
      app.call("PATCH", `/api/admin/users/${user.id}`, { token: staff.token, body: { isActive } });

    expect((await patch(false)).status).toBe(200);
    for (const token of [user.token, other]) await expectProblem(await me(token), 401);
    expect((await login(user.username, user.password)).status).toBe(401);

    expect((await patch(true)).status).toBe(200);
    for (const token of [user.token, other]) await expectProblem(await me(token), 401);
    const fresh = await tokenOf(user.username, user.password);
    expect((await sessionsOf(fresh)).map((s) => s.id)).toEqual([sidOf(fresh)]);
  });

  it("a soft delete ends every session, and a restore does not bring them back", async () => {
    const staff = await staffSession(app);
    const user = await signUp();
    const other = await tokenOf(user.username, user.password);

    expect((await app.call("DELETE", `/api/admin/users/${user.id}`, { token: staff.token })).status).toBe(204);
    for (const token of [user.token, other]) await expectProblem(await me(token), 401);
    expect((await login(user.username, user.password)).status).toBe(401);

    expect((await app.call("POST", `/api/admin/users/${user.id}/restore`, { token: staff.token })).status).toBe(200);
    for (const token of [user.token, other]) await expectProblem(await me(token), 401);
    const fresh = await tokenOf(user.username, user.password);
    expect((await sessionsOf(fresh)).map((s) => s.id)).toEqual([sidOf(fresh)]);
  });
});

const ACCOUNT_ROUTES: [string, string, unknown?][] = [
  ["POST", "/api/auth/logout"],
  ["GET", "/api/account/sessions"],
  ["DELETE", "/api/account/sessions/some-session-id"],
  ["POST", "/api/account/sessions/revoke-others"],
  ["POST", "/api/account/email/verification"],
  ["POST", "/api/account/email/verify", { code: "123456" }],
  ["PUT", "/api/account/email", { password: "whatever-it-is", email: "someone@example.com" }],
  ["PUT", "/api/account/phone", { password: "whatever-it-is", phoneNumber: "+12125550100" }],
  ["PUT", "/api/account/password", { currentPassword: "whatever-it-is", newPassword: "brand-new-pass-42" }],
  ["DELETE", "/api/account", { password: "whatever-it-is" }],
  ["GET", "/api/account/export"],
  ["GET", "/api/account/events"],
];

describe("the account routes' 401", () => {
  it("every new route answers 401 problem+json without a token", async () => {
    for (const [method, path, body] of ACCOUNT_ROUTES) {
      const response = await app.call(method, path, { body, ip: freshIp() });
      expect(`${method} ${path} ${response.status}`).toBe(`${method} ${path} 401`);
      await expectProblem(response, 401);
    }
  });

  it("every new route answers 401 problem+json for the token of an ended session", async () => {
    const user = await signUp();
    expect((await app.call("POST", "/api/auth/logout", { token: user.token })).status).toBe(204);
    for (const [method, path, body] of ACCOUNT_ROUTES) {
      const response = await app.call(method, path, { body, token: user.token, ip: freshIp() });
      expect(`${method} ${path} ${response.status}`).toBe(`${method} ${path} 401`);
      await expectProblem(response, 401);
    }
  });
});

describe.runIf(serverUrlForTests())("another app instance on the same database", () => {
  let other: OtherInstance;
  beforeAll(async () => {
    other = await startOtherInstance(sharedDb!.databaseUrl!);
  });
  afterAll(() => other?.close());

  it("refuses, at its next request, a session ended through this instance, and the other way round", async () => {
    const user = await signUp();
    const second = await tokenOf(user.username, user.password);
    expect((await other.call("GET", "/api/auth/me", { token: second })).status).toBe(200);
    expect((await other.call("GET", "/api/account/sessions", { token: user.token })).status).toBe(200);

    expect((await app.call("DELETE", `/api/account/sessions/${sidOf(second)}`, { token: user.token })).status).toBe(
      204,
    );
    expect((await other.call("GET", "/api/auth/me", { token: second })).status).toBe(401);
    expect((await other.call("GET", "/api/auth/me", { token: user.token })).status).toBe(200);

    expect((await other.call("POST", "/api/auth/logout", { token: user.token })).status).toBe(204);
    await expectProblem(await me(user.token), 401);
  });
});

describe("purgeStaleRows", () => {
  it("removes expired and revoked-by-version sessions and events older than EVENT_RETENTION_DAYS, and keeps live ones", async () => {
    const expiring = await signUp();
    const live = await tokenOf(expiring.username, expiring.password);
    await app.db.session.update({
      where: { id: sidOf(expiring.token) },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });

    const revoked = await signUp();
    await app.db.user.update({ where: { id: revoked.id }, data: { tokenVersion: { increment: 1 } } });
    const afterRevoke = await tokenOf(revoked.username, revoked.password);

    const old = await app.db.securityEvent.create({
      data: { type: "sign_in", userId: expiring.id, at: new Date(Date.now() - (RETENTION_DAYS + 1) * DAY_MS) },
    });
    const recent = await app.db.securityEvent.create({
      data: { type: "sign_in", userId: expiring.id, at: new Date(Date.now() - (RETENTION_DAYS - 1) * DAY_MS) },
    });

    const purged = await purgeStaleRows(app.db);
    expect(purged.sessions).toBeGreaterThanOrEqual(2);
    expect(purged.events).toBeGreaterThanOrEqual(1);

    const left = await app.db.session.findMany({
      where: { userId: { in: [expiring.id, revoked.id] } },
      select: { id: true },
    });
    expect(left.map((s) => s.id).sort()).toEqual([sidOf(live), sidOf(afterRevoke)].sort());
    expect(await app.db.securityEvent.findUnique({ where: { id: old.id } })).toBeNull();
    expect(await app.db.securityEvent.findUnique({ where: { id: recent.id } })).not.toBeNull();
    expect((await me(live)).status).toBe(200);
    expect((await me(afterRevoke)).status).toBe(200);
  });
});

describe("security events of signing in and out", () => {
  it("a sign-in writes sign_in with its session, IP and User-Agent, shown by GET /api/account/events", async () => {
    const user = await signUp();
    const ip = freshIp();
    const token = await tokenOf(user.username, user.password, ip, "events-agent/2");
    const [event] = await eventsWhere({ userId: user.id, ip, type: "sign_in" });
    expect(event).toMatchObject({ userId: user.id, ip, userAgent: "events-agent/2" });
    expect(event.detail).toMatchObject({ kind: "api", sessionId: sidOf(token) });

    const listed = (await json(await app.call("GET", "/api/account/events", { token }))).items as { id: string }[];
    expect(listed.map((e) => e.id)).toContain(event.id.toString());
  });

  it("a wrong password writes sign_in_failed with the userId; an unknown identifier writes it with userId null", async () => {
    const user = await signUp();
    const wrongIp = freshIp();
    expect((await login(user.username, "not-the-password-1", wrongIp)).status).toBe(401);
    const [wrong, ...moreWrong] = await eventsWhere({ ip: wrongIp, type: "sign_in_failed" });
    expect(moreWrong).toEqual([]);
    expect(wrong.userId).toBe(user.id);

    const unknownIp = freshIp();
    expect((await login("nobody_by_this_name", "not-the-password-2", unknownIp)).status).toBe(401);
    const [unknown, ...moreUnknown] = await eventsWhere({ ip: unknownIp, type: "sign_in_failed" });
    expect(moreUnknown).toEqual([]);
    expect(unknown.userId).toBeNull();
  });

  it("ending a session writes session_ended with the session and the reason", async () => {
    const user = await signUp();
    const deleted = await tokenOf(user.username, user.password);
    const othered = await tokenOf(user.username, user.password);
    const caller = await tokenOf(user.username, user.password);

    await app.call("DELETE", `/api/account/sessions/${sidOf(deleted)}`, { token: user.token });
    await app.call("POST", "/api/account/sessions/revoke-others", { token: caller });
    await app.call("POST", "/api/auth/logout", { token: caller });

    const ended = await eventsWhere({ userId: user.id, type: "session_ended" });
    const reasons = Object.fromEntries(
      ended.map((e) => {
        const detail = e.detail as { sessionId: string; reason: string };
        return [detail.sessionId, detail.reason];
      }),
    );
    expect(reasons).toEqual({
      [sidOf(deleted)]: "revoked",
      [sidOf(user.token)]: "revoked_others",
      [sidOf(othered)]: "revoked_others",
      [sidOf(caller)]: "sign_out",
    });
  });

  it(`${MAX_FAILURES} wrong passwords from one IP lock that IP out (429 even for the right password) and write a lockout event`, async () => {
    const user = await signUp();
    const ip = freshIp();
    for (let i = 0; i < MAX_FAILURES; i++)
      expect((await login(user.username, `wrong-password-${i}`, ip)).status).toBe(401);
    const locked = await login(user.username, user.password, ip);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);

    const failed = await eventsWhere({ userId: user.id, ip, type: "sign_in_failed" });
    expect(failed).toHaveLength(MAX_FAILURES);
    const listed = (await json(await app.call("GET", "/api/account/events", { token: user.token }))).items as {
      type: string;
      ip: string;
    }[];
    expect(listed.filter((e) => e.type === "lockout" && e.ip === ip)).toHaveLength(1);
    expect(listed[0].type).toBe("lockout");
  });

  it("no event row contains a password, right or wrong", async () => {
    const user = await signUp();
    const wrong = "Wrong-Secret-Typed-9931";
    const ip = freshIp();
    await login(user.username, wrong, ip);
    await login("unknown_person_9931", wrong, ip);
    const token = await tokenOf(user.username, user.password);
    await app.call("POST", "/api/auth/logout", { token });
    for (let i = 0; i <= MAX_FAILURES; i++) await login(user.username, wrong, ip);

    const rows = await app.db.securityEvent.findMany();
    expect(rows.length).toBeGreaterThan(0);
    const text = JSON.stringify(rows, (_, value) => (typeof value === "bigint" ? value.toString() : value));
    expect(text).not.toContain(user.password);
    expect(text).not.toContain(wrong);
    expect(text).not.toContain(token);
  });
});
