import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { totpCode } from "@/lib/two-factor/totp";
import { startOtherInstance } from "./helpers/account";
import { memberSession, staffSession } from "./helpers/admin";
import { freshIp, json, startTestApp, type TestApp } from "./helpers/app";
import { createTestDb, serverUrlForTests, type TestDb } from "./helpers/test-db";

/**
 * Support's per-user security actions through the real API app and PostgreSQL: the user's
 * sessions and events, sign out everywhere (checked on another instance too), reset two-factor
 * (the password alone then signs in); each audited, none on the acting staff user's own account.
 */

let app: TestApp;
let staff: { id: string; token: string };
// On a database server, a second instance (another process) can open the same database.
let sharedDb: TestDb | undefined;
beforeAll(async () => {
  sharedDb = serverUrlForTests() ? await createTestDb() : undefined;
  app = await startTestApp(sharedDb ? { DATABASE_URL: sharedDb.databaseUrl } : {});
  staff = await staffSession(app);
});
afterAll(async () => {
  await app.close();
  await sharedDb?.close();
});

const asStaff = (method: string, path: string, token = staff.token) => app.call(method, path, { token, ip: freshIp() });
const login = (identifier: string, password: string) =>
  app.call("POST", "/api/auth/login", { body: { identifier, password }, ip: freshIp() });

describe("per-user security actions", () => {
  it("lists the user's live sessions and events, 404 for an unknown user, 403 for non-staff", async () => {
    const member = await memberSession(app);
    await login(member.username, member.password);
    const sessions = await json(await asStaff("GET", `/api/admin/users/${member.id}/sessions`));
    expect(sessions.items).toHaveLength(2);
    for (const session of sessions.items as { current: boolean }[]) expect(session.current).toBe(false);
    const events = await json(await asStaff("GET", `/api/admin/users/${member.id}/events?pageSize=1`));
    expect(events).toMatchObject({ page: 1, pageSize: 1, items: [{ type: "sign_in", userId: member.id }] });

    for (const path of ["sessions", "events"]) {
      expect((await asStaff("GET", `/api/admin/users/nobody/${path}`)).status).toBe(404);
      expect((await asStaff("GET", `/api/admin/users/${member.id}/${path}`, member.token)).status).toBe(403);
    }
    expect((await asStaff("POST", `/api/admin/users/nobody/sessions/revoke`)).status).toBe(404);
    expect((await asStaff("POST", `/api/admin/users/nobody/mfa/reset`)).status).toBe(404);
  });

  it("signs a user out everywhere, at once on another instance too, and audits it", async () => {
    const member = await memberSession(app);
    const second = (await json(await login(member.username, member.password))).accessToken as string;
    const other = sharedDb ? await startOtherInstance(sharedDb.databaseUrl!) : undefined;
    try {
      if (other) expect((await other.call("GET", "/api/auth/me", { token: second })).status).toBe(200);
      const response = await asStaff("POST", `/api/admin/users/${member.id}/sessions/revoke`);
      expect(response.status).toBe(200);
      expect(await json(response)).toEqual({ revoked: 2 });
      for (const token of [member.token, second]) {
        expect((await app.call("GET", "/api/auth/me", { token })).status).toBe(401);
        if (other) expect((await other.call("GET", "/api/auth/me", { token })).status).toBe(401);
      }
    } finally {
      await other?.close();
    }
    const audit = await app.db.auditLog.findMany({ where: { targetId: member.id } });
    expect(audit).toMatchObject([{ actorId: staff.id, action: "sign_out_everywhere" }]);
    const ended = await app.db.securityEvent.count({
      where: { userId: member.id, type: "session_ended", actorId: staff.id },
    });
    expect(ended).toBe(2);
    // The user can sign in again at once.
    expect((await login(member.username, member.password)).status).toBe(200);
  });

  it("resets two-factor: the password alone signs in again; audited; nothing to reset audits nothing", async () => {
    const member = await memberSession(app);
    const started = await app.call("POST", "/api/account/mfa/totp", {
      token: member.token,
      body: { password: member.password },
      ip: freshIp(),
    });
    const { secret } = (await json(started)) as { secret: string };
    const confirmed = await app.call("POST", "/api/account/mfa/totp/confirm", {
      token: member.token,
      body: { code: totpCode(secret) },
      ip: freshIp(),
    });
    expect(confirmed.status).toBe(200);
    expect(await json(await login(member.username, member.password))).toMatchObject({ mfaRequired: true });

    expect((await asStaff("POST", `/api/admin/users/${member.id}/mfa/reset`)).status).toBe(204);
    const signedIn = await json(await login(member.username, member.password));
    expect(signedIn).toMatchObject({ user: { mfaEnabled: false } });
    expect(signedIn.accessToken).toEqual(expect.any(String));
    expect(await app.db.recoveryCode.count({ where: { userId: member.id } })).toBe(0);
    expect(
      await app.db.securityEvent.count({ where: { userId: member.id, type: "mfa_disabled", actorId: staff.id } }),
    ).toBe(1);

    expect((await asStaff("POST", `/api/admin/users/${member.id}/mfa/reset`)).status).toBe(204);
    const audit = await app.db.auditLog.findMany({ where: { targetId: member.id } });
    expect(audit).toMatchObject([
      { action: "reset_two_factor", changes: { mfaEnabled: { before: true, after: false } } },
    ]);
  });

  it("refuses both actions on the acting staff user's own account, and changes nothing", async () => {
    for (const path of ["sessions/revoke", "mfa/reset"]) {
      const response = await asStaff("POST", `/api/admin/users/${staff.id}/${path}`);
      expect(response.status, path).toBe(403);
    }
    expect((await app.call("GET", "/api/auth/me", { token: staff.token })).status).toBe(200);
    const audited = await app.db.auditLog.count({
      where: { targetId: staff.id, action: { in: ["sign_out_everywhere", "reset_two_factor"] } },
    });
    expect(audited).toBe(0);
  });
});
