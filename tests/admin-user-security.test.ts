import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ServiceUnavailableError } from "@/lib/errors";
import { createLoginLockout } from "@/lib/rate-limit/lockout";
import { totpCode } from "@/lib/two-factor/totp";
import { deliverAllMail, startOtherInstance } from "./helpers/account";
import { memberSession, staffSession } from "./helpers/admin";
import { freshIp, json, startTestApp, type TestApp } from "./helpers/app";
import { STORES, uniqueKey, unreachableUrl, upstashStore } from "./helpers/bridge";
import { createSmtpCapture, longNumbers, RESET_SUBJECT, type SmtpCapture } from "./helpers/smtp-capture";
import { createTestDb, serverUrlForTests, type TestDb } from "./helpers/test-db";

/**
 * Support's per-user security actions through the real API app and PostgreSQL: the user's
 * sessions and events, sign out everywhere (checked on another instance too), unlock (with the
 * app's store: Redis through the Upstash bridge with REDIS_URL, else the in-process one; and each
 * store on its own below), reset two-factor (the password alone then signs in), send a password
 * reset (through a real SMTP capture); each audited, all but the unlock refused on the acting
 * staff user's own account.
 */

const MAX_FAILURES = 3;
const ACCOUNT_MAX_FAILURES = 5;

let app: TestApp;
let smtp: SmtpCapture;
let staff: { id: string; token: string };
// On a database server, a second instance (another process) can open the same database.
let sharedDb: TestDb | undefined;
beforeAll(async () => {
  smtp = await createSmtpCapture();
  sharedDb = serverUrlForTests() ? await createTestDb() : undefined;
  app = await startTestApp({
    SMTP_URL: smtp.url,
    LOGIN_MAX_FAILURES: String(MAX_FAILURES),
    LOGIN_ACCOUNT_MAX_FAILURES_PER_HOUR: String(ACCOUNT_MAX_FAILURES),
    ...(sharedDb ? { DATABASE_URL: sharedDb.databaseUrl } : {}),
  });
  staff = await staffSession(app);
});
afterAll(async () => {
  await app.close();
  await sharedDb?.close();
  await smtp.close();
});

const asStaff = (method: string, path: string, token = staff.token) => app.call(method, path, { token, ip: freshIp() });
const login = (identifier: string, password: string, ip = freshIp()) =>
  app.call("POST", "/api/auth/login", { body: { identifier, password }, ip });
const auditOf = (targetId: string, action: string) => app.db.auditLog.findMany({ where: { targetId, action } });

describe("per-user security actions", () => {
  it("lists the user's live sessions and events, 404 for an unknown user, 403 for non-staff", async () => {
    const member = await memberSession(app);
    await login(member.username, member.password);
    const sessions = await json(await asStaff("GET", `/api/admin/users/${member.id}/sessions`));
    expect(sessions.items).toHaveLength(2);
    for (const session of sessions.items as { current: boolean }[]) expect(session.current).toBe(false);
    const events = await json(await asStaff("GET", `/api/admin/users/${member.id}/events?pageSize=1`));
    expect(events).toMatchObject({ page: 1, pageSize: 1, items: [{ type: "sign_in", userId: member.id }] });

    const path = `/api/admin/users/${member.id}/sign-in-methods`;
    expect(await json(await asStaff("GET", path))).toEqual({
      hasPassword: true,
      mfaEnabled: false,
      passkeys: [],
      providers: [],
    });
    // An account that signs in with a provider only: no password, and the link.
    await app.db.user.update({ where: { id: member.id }, data: { passwordHash: null } });
    await app.db.account.create({
      data: { userId: member.id, type: "oidc", provider: "oidc", providerAccountId: `sub-${member.id}` },
    });
    expect(await json(await asStaff("GET", path))).toMatchObject({
      hasPassword: false,
      providers: [{ provider: "oidc", linkedAt: expect.any(String) }],
    });
    await app.db.account.create({
      data: { userId: member.id, type: "oidc", provider: "github", providerAccountId: `gh-${member.id}` },
    });
    expect(await json(await asStaff("GET", path))).toMatchObject({
      providers: [
        { provider: "oidc", linkedAt: expect.any(String) },
        { provider: "github", linkedAt: expect.any(String) },
      ],
    });

    for (const path of ["sessions", "events", "sign-in-methods"]) {
      expect((await asStaff("GET", `/api/admin/users/nobody/${path}`)).status).toBe(404);
      expect((await asStaff("GET", `/api/admin/users/${member.id}/${path}`, member.token)).status).toBe(403);
    }
    expect((await asStaff("POST", `/api/admin/users/nobody/sessions/revoke`)).status).toBe(404);
    for (const path of ["sessions/revoke", "mfa/reset", "unlock", "password-reset"]) {
      expect((await asStaff("POST", `/api/admin/users/nobody/${path}`)).status, path).toBe(404);
      expect((await asStaff("POST", `/api/admin/users/${member.id}/${path}`, member.token)).status, path).toBe(403);
      expect((await asStaff("POST", `/api/admin/users/${member.id}/${path}`, "not-a-token")).status, path).toBe(401);
    }
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

  it("refuses the actions that would sign them out on the acting staff user's own account, and changes nothing", async () => {
    for (const path of ["sessions/revoke", "mfa/reset", "password-reset"]) {
      const response = await asStaff("POST", `/api/admin/users/${staff.id}/${path}`);
      expect(response.status, path).toBe(403);
    }
    expect((await app.call("GET", "/api/auth/me", { token: staff.token })).status).toBe(200);
    const audited = await app.db.auditLog.count({
      where: { targetId: staff.id, action: { in: ["sign_out_everywhere", "reset_two_factor", "send_password_reset"] } },
    });
    expect(audited).toBe(0);
  });
});

describe("unlock", () => {
  it("lets an (account, IP) pair locked from two IPs sign in again from both; audited", async () => {
    const member = await memberSession(app);
    const [first, second] = [freshIp(), freshIp()];
    for (const ip of [first, second]) {
      for (let i = 0; i < MAX_FAILURES; i++) await login(member.username, "wrong-password-here", ip);
      expect((await login(member.username, member.password, ip)).status, ip).toBe(429);
    }
    // Another account is not touched by this one's unlock.
    const bystander = await memberSession(app);
    for (let i = 0; i < MAX_FAILURES; i++) await login(bystander.username, "wrong-password-here", first);

    expect((await asStaff("POST", `/api/admin/users/${member.id}/unlock`)).status).toBe(204);
    for (const ip of [first, second]) expect((await login(member.username, member.password, ip)).status, ip).toBe(200);
    expect((await login(bystander.username, bystander.password, first)).status).toBe(429);
    expect(await auditOf(member.id, "unlock")).toMatchObject([{ actorId: staff.id }]);
    const event = await app.db.securityEvent.findFirst({
      where: { userId: member.id, type: "staff_change", actorId: staff.id },
    });
    expect(event?.detail).toMatchObject({ action: "unlock" });
  });

  it("lifts the account-wide lock (failures from many IPs), for every IP", async () => {
    const member = await memberSession(app);
    for (let i = 0; i < ACCOUNT_MAX_FAILURES; i++) await login(member.username, "wrong-password-here");
    expect((await login(member.username, member.password)).status).toBe(429);
    expect((await asStaff("POST", `/api/admin/users/${member.id}/unlock`)).status).toBe(204);
    expect((await login(member.username, member.password)).status).toBe(200);
  });

  it("with nothing counted: 204, and nothing audited; allowed on one's own account", async () => {
    const member = await memberSession(app);
    expect((await asStaff("POST", `/api/admin/users/${member.id}/unlock`)).status).toBe(204);
    expect(await auditOf(member.id, "unlock")).toEqual([]);
    expect((await asStaff("POST", `/api/admin/users/${staff.id}/unlock`)).status).toBe(204);
    expect((await app.call("GET", "/api/auth/me", { token: staff.token })).status).toBe(200);
  });

  it("a store that cannot be reached is a ServiceUnavailableError (503), not an unlock", async () => {
    const lockout = createLoginLockout(upstashStore(await unreachableUrl(), "token", 300), {
      maxFailures: 2,
      lockoutSeconds: 300,
      accountMaxFailuresPerHour: 5,
    });
    await expect(lockout.unlock("a")).rejects.toBeInstanceOf(ServiceUnavailableError);
  });

  for (const candidate of STORES) {
    describe.runIf(candidate.available)(`in the ${candidate.name} store`, () => {
      it("clears the pairs of every IP and the account-wide counter, of that account only", async () => {
        const opened = await candidate.open();
        try {
          const lockout = createLoginLockout(opened.store, {
            maxFailures: 2,
            lockoutSeconds: 300,
            accountMaxFailuresPerHour: 5,
            prefix: uniqueKey("unlock"),
          });
          const reserve = (account: string, ip: string) =>
            lockout.reserve(account, ip).then(
              () => "granted",
              (error: Error) => error.name,
            );
          expect(await lockout.unlock("a")).toBe(false);
          for (const ip of ["192.0.2.1", "192.0.2.2"]) for (let i = 0; i < 2; i++) await reserve("a", ip);
          await reserve("b", "192.0.2.1");
          await reserve("b", "192.0.2.1");
          expect(await reserve("a", "192.0.2.1")).not.toBe("granted");
          expect(await reserve("a", "192.0.2.2")).not.toBe("granted");
          // A fifth failure from a third IP reaches the account-wide ceiling.
          await reserve("a", "192.0.2.3");
          expect(await reserve("a", "192.0.2.4")).not.toBe("granted");

          expect(await lockout.unlock("a")).toBe(true);
          for (const ip of ["192.0.2.1", "192.0.2.2", "192.0.2.4"]) expect(await reserve("a", ip), ip).toBe("granted");
          expect(await reserve("b", "192.0.2.1")).not.toBe("granted");
          // Counting starts afresh: a pair locks again after its own failures only.
          expect(await reserve("a", "192.0.2.1")).toBe("granted");
          expect(await reserve("a", "192.0.2.1")).not.toBe("granted");
        } finally {
          await opened.close();
        }
      });
    });
  }
});

describe("send password reset", () => {
  it("mails a code that resets the password, ends the user's sessions, records and audits it", async () => {
    const member = await memberSession(app);
    const second = (await json(await login(member.username, member.password))).accessToken as string;
    expect((await asStaff("POST", `/api/admin/users/${member.id}/password-reset`)).status).toBe(202);
    for (const token of [member.token, second]) {
      expect((await app.call("GET", "/api/auth/me", { token })).status).toBe(401);
    }
    await deliverAllMail();
    const mail = await smtp.nextMessageTo(member.email, undefined, RESET_SUBJECT);
    const [code] = longNumbers(mail.text);
    const newPassword = "amber-lantern-staff-reset-3";
    const reset = await app.call("POST", "/api/auth/reset-password", {
      body: { email: member.email, otp: code, newPassword },
      ip: freshIp(),
    });
    expect(reset.status).toBe(200);
    expect((await login(member.username, member.password)).status).toBe(401);
    expect((await login(member.username, newPassword)).status).toBe(200);

    const requested = await app.db.securityEvent.findMany({
      where: { userId: member.id, type: "password_reset_requested" },
    });
    expect(requested).toMatchObject([{ actorId: staff.id }]);
    const ended = await app.db.securityEvent.findMany({ where: { userId: member.id, type: "session_ended" } });
    expect(ended).toHaveLength(2);
    for (const event of ended)
      expect(event).toMatchObject({ actorId: staff.id, detail: { reason: "staff_password_reset" } });
    expect(await auditOf(member.id, "send_password_reset")).toMatchObject([
      { actorId: staff.id, changes: { sessions: { before: 2, after: 0 } } },
    ]);
  });

  it("400 problem+json for a user without an e-mail address or who could not use the code; nothing sent", async () => {
    const member = await memberSession(app);
    await app.db.user.update({ where: { id: member.id }, data: { email: null } });
    const response = await asStaff("POST", `/api/admin/users/${member.id}/password-reset`);
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toMatch(/application\/problem\+json/);
    expect(await json(response)).toMatchObject({ status: 400, errors: { email: [expect.any(String)] } });

    const inactive = await memberSession(app);
    await app.db.user.update({ where: { id: inactive.id }, data: { isActive: false } });
    expect((await asStaff("POST", `/api/admin/users/${inactive.id}/password-reset`)).status).toBe(400);

    const codes = await app.db.oneTimeCode.count({
      where: { userId: { in: [member.id, inactive.id] }, purpose: "password_reset" },
    });
    expect(codes).toBe(0);
    expect(await auditOf(member.id, "send_password_reset")).toEqual([]);
    expect((await app.call("GET", "/api/auth/me", { token: member.token })).status).toBe(200);
  });
});
