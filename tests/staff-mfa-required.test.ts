import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiRoutes } from "@/lib/api/routes";
import { totpCode } from "@/lib/two-factor/totp";
import { memberSession, staffSession } from "./helpers/admin";
import { freshIp, json, startTestApp, type TestApp } from "./helpers/app";

/**
 * STAFF_MFA_REQUIRED=true through the real API app: every staff route (walked from the route
 * list itself, so a route added later is covered) refuses staff without a second factor with a
 * problem that says to enrol, and lets them in once they have one (TOTP or a passkey).
 */

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ STAFF_MFA_REQUIRED: "true" });
});
afterAll(() => app.close());

const staffRoutes = apiRoutes.filter((route) => route.access === "staff");

async function statusesOf(token: string, targetId: string) {
  const statuses: Record<string, { status: number; type?: unknown }> = {};
  for (const route of staffRoutes) {
    const path = route.path.replace(/\{[^}]+\}/g, targetId);
    const response = await app.call(route.method.toUpperCase(), path, {
      token,
      body: route.body ? {} : undefined,
      ip: freshIp(),
    });
    const isProblem = response.headers.get("content-type") === "application/problem+json";
    statuses[`${route.method} ${route.path}`] = {
      status: response.status,
      type: isProblem ? (await json(response)).type : undefined,
    };
  }
  return statuses;
}

describe("STAFF_MFA_REQUIRED", () => {
  it("keeps staff without a second factor out of every staff route, saying to enrol", async () => {
    expect(staffRoutes.length).toBeGreaterThan(5);
    const staff = await staffSession(app);
    const member = await memberSession(app);
    for (const [route, answer] of Object.entries(await statusesOf(staff.token, member.id))) {
      expect(answer, route).toEqual({ status: 403, type: "/problems/second-factor-required" });
    }
    const body = await json(await app.call("GET", "/api/admin/users", { token: staff.token }));
    expect(body).toMatchObject({ status: 403, enrol: "/account/security" });
    // Nothing was changed by the refused writes.
    const row = await app.db.user.findUniqueOrThrow({ where: { id: member.id } });
    expect(row).toMatchObject({ isActive: true, deletedAt: null });
  });

  it("still answers a non-staff user the plain 403, and does not ask members for a second factor", async () => {
    const member = await memberSession(app);
    const response = await app.call("GET", "/api/admin/users", { token: member.token });
    expect(response.status).toBe(403);
    expect((await json(response)).type).toBe("/problems/forbidden");
    expect((await app.call("GET", "/api/auth/me", { token: member.token })).status).toBe(200);
  });

  it("lets staff in once they turn on the authenticator app", async () => {
    const staff = await staffSession(app);
    const row = await app.db.user.findUniqueOrThrow({ where: { id: staff.id } });
    const password = `quiet-harbour-${row.username.slice(-4)}-staff`;
    const started = await app.call("POST", "/api/account/mfa/totp", { token: staff.token, body: { password } });
    expect(started.status).toBe(200);
    const { secret } = (await json(started)) as { secret: string };
    const confirmed = await app.call("POST", "/api/account/mfa/totp/confirm", {
      token: staff.token,
      body: { code: totpCode(secret) },
    });
    expect(confirmed.status).toBe(200);
    const response = await app.call("GET", "/api/admin/users", { token: staff.token });
    expect(response.status).toBe(200);
  });

  it("counts a passkey as a second factor", async () => {
    const staff = await staffSession(app);
    await app.db.passkey.create({
      data: {
        id: `test-credential-${staff.id}`,
        userId: staff.id,
        name: "Laptop",
        publicKey: Buffer.from([1, 2, 3]),
        counter: 0n,
        transports: ["internal"],
        deviceType: "singleDevice",
        backedUp: false,
      },
    });
    expect((await app.call("GET", "/api/admin/users", { token: staff.token })).status).toBe(200);
  });
});
