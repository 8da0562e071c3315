import { decodeJwt } from "jose";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { resetConfigForTests } from "@/lib/config";
import { purgeStaleRows } from "@/lib/mail/cleanup";
import { forbiddenAddressKind } from "@/lib/webhooks/address-check";
import { WEBHOOK_EVENTS } from "@/lib/webhooks/events";
import {
  DEFAULT_WEBHOOK_OPTIONS,
  deliverDueWebhooks,
  startWebhookSender,
  stopWebhookSender,
} from "@/lib/webhooks/sender";
import { backoffDelayMs } from "@/lib/background/worker-loop";
import { memberSession, signIn, staffSession } from "./helpers/admin";
import { freshIp, json, TEST_SECRET, newUser, startTestApp, type TestApp } from "./helpers/app";
import { createTestDb, serverUrlForTests, type TestDb } from "./helpers/test-db";
import { startOtherSender, startWebhookReceiver, type WebhookReceiver } from "./helpers/webhook-receiver";

/**
 * Webhooks through the real API app and the real sender, to a real receiver that verifies every
 * request with the standardwebhooks library. Over real PostgreSQL (TEST_DATABASE_URL) a second
 * sender runs in a process of its own on the same database.
 */

const MAX_FAILURES = 3;
let app: TestApp;
let sharedDb: TestDb | undefined;
let staff: { id: string; token: string };
let receiver: WebhookReceiver;

beforeAll(async () => {
  sharedDb = serverUrlForTests() ? await createTestDb() : undefined;
  app = await startTestApp({
    WEBHOOK_ALLOW_PRIVATE_URLS: "true",
    LOGIN_MAX_FAILURES: String(MAX_FAILURES),
    ...(sharedDb ? { DATABASE_URL: sharedDb.databaseUrl } : {}),
  });
  staff = await staffSession(app);
  receiver = await startWebhookReceiver();
});
afterEach(async () => {
  await stopWebhookSender();
  allowPrivateUrls(true);
  receiver.failing = false;
  receiver.answer = undefined;
  await receiver.up();
  receiver.received.length = 0;
  await app.db.webhookEndpoint.deleteMany();
});
afterAll(async () => {
  await receiver?.close();
  await app?.close();
  await sharedDb?.close();
});

function allowPrivateUrls(allowed: boolean): void {
  process.env.WEBHOOK_ALLOW_PRIVATE_URLS = String(allowed);
  resetConfigForTests();
}

const later = (ms: number) => new Date(Date.now() + ms);
const sidOf = (token: string) => decodeJwt(token).sid as string;
const call = (method: string, path: string, body?: unknown, token = staff.token) =>
  app.call(method, path, { body, token, ip: freshIp() });

/** Adds an endpoint through the API and gives its secret to the receiver. */
async function addEndpoint(events: readonly string[] = WEBHOOK_EVENTS, url = receiver.url) {
  const response = await call("POST", "/api/admin/webhooks", { url, events, description: "test receiver" });
  const body = await json(response);
  expect(response.status, JSON.stringify(body)).toBe(201);
  receiver.secret = body.secret as string;
  return (body.webhook as { id: string }).id;
}

/** Every due delivery, round after round, until none is left. */
async function drain(options: Parameters<typeof deliverDueWebhooks>[0] = {}) {
  const total = { claimed: 0, delivered: 0, retrying: 0, failed: 0 };
  for (let round = 0; round < 100; round++) {
    const report = await deliverDueWebhooks(options);
    for (const key of Object.keys(total) as (keyof typeof total)[]) total[key] += report[key];
    if (report.claimed === 0) break;
  }
  return total;
}

async function deliveries(endpointId: string) {
  const response = await call("GET", `/api/admin/webhooks/${endpointId}/deliveries`);
  expect(response.status).toBe(200);
  return (await json(response)).items as {
    id: string;
    event: string;
    status: string;
    attempts: number;
    lastError?: string;
    createdAt: string;
  }[];
}

const typesFor = (userId: string) =>
  receiver.received.filter((r) => r.payload.data.user.id === userId).map((r) => r.payload.type);

describe("events", () => {
  it("announces every event type once per change, signed, with the user as the API shows it", async () => {
    const endpointId = await addEndpoint();
    const member = await memberSession(app);
    const second = await signIn(app, member.username, member.password);
    // Ending another session is a revocation; signing out of one's own is not.
    expect((await call("DELETE", `/api/account/sessions/${sidOf(member.token)}`, undefined, second)).status).toBe(204);
    const third = await signIn(app, member.username, member.password);
    expect((await call("POST", "/api/auth/logout", undefined, third)).status).toBe(204);
    const phone = newUser().phoneNumber;
    expect(
      (await call("PUT", "/api/account/phone", { password: member.password, phoneNumber: phone }, second)).status,
    ).toBe(200);
    const newPassword = "silver-orchard-9071-kite";
    const changed = await call(
      "PUT",
      "/api/account/password",
      { currentPassword: member.password, newPassword },
      second,
    );
    expect(changed.status).toBe(200);
    const token = (await json(changed)).accessToken as string;

    for (let i = 0; i < MAX_FAILURES; i++) {
      await app.call("POST", "/api/auth/login", { body: { identifier: member.username, password: "wrong-wrong-1" } });
    }
    const locked = await app.call("POST", "/api/auth/login", { body: { identifier: member.username, password: "x" } });
    expect(locked.status).toBe(429);

    await app.db.user.update({ where: { id: member.id }, data: { mfaEnabled: true } });
    expect((await call("POST", `/api/admin/users/${member.id}/mfa/reset`)).status).toBe(204);
    expect((await call("PATCH", `/api/admin/users/${member.id}`, { email: `new_${member.email}` })).status).toBe(200);
    const revoked = await call("POST", `/api/admin/users/${member.id}/sessions/revoke`);
    expect(await json(revoked)).toEqual({ revoked: 1 });
    expect((await call("DELETE", `/api/admin/users/${member.id}`)).status).toBe(204);
    expect((await call("POST", `/api/admin/users/${member.id}/restore`)).status).toBe(200);

    await drain();
    expect(receiver.rejected).toEqual([]);
    const expected = [
      "user.created",
      "session.revoked",
      "user.updated",
      "user.password_changed",
      // The password change ended the session it was made from (a new one came back with it).
      "session.revoked",
      "user.locked_out",
      "user.mfa_changed",
      "user.updated",
      "session.revoked",
      "user.deleted",
      "user.restored",
    ];
    // Delivered side by side, so not necessarily in order.
    expect(typesFor(member.id).sort()).toEqual([...expected].sort());
    const mine = receiver.received.filter((r) => r.payload.data.user.id === member.id);
    const of = (type: string) => mine.filter((r) => r.payload.type === type);
    // Each body is exactly {type, timestamp, data: {user}}, plus sessionId for a revoked session.
    for (const r of mine) {
      expect(Object.keys(r.payload)).toEqual(["type", "timestamp", "data"]);
      expect(Object.keys(r.payload.data)).toEqual(
        r.payload.type === "session.revoked" ? ["user", "sessionId"] : ["user"],
      );
      expect(new Date(r.payload.timestamp).toISOString()).toBe(r.payload.timestamp);
    }
    expect(
      of("session.revoked")
        .map((r) => r.payload.data.sessionId)
        .sort(),
    ).toEqual([sidOf(member.token), sidOf(second), sidOf(token)].sort());
    expect(of("user.locked_out")[0].payload.data.user).not.toHaveProperty("passwordHash");
    // The user as /api/admin/users/{id} shows it, as the change left it.
    const shown = await json(await call("GET", `/api/admin/users/${member.id}`));
    expect(of("user.restored")[0].payload.data.user).toEqual(shown.user);
    expect(of("user.deleted")[0].payload.data.user.deletedAt).not.toBeNull();
    expect(of("user.created")[0].payload.data.user.email).toBe(member.email);

    // The list: one row per delivery, its id the webhook-id the receiver saw, newest first.
    const listed = await deliveries(endpointId);
    const ids = new Set(mine.map((r) => r.id));
    const rows = listed.filter((d) => ids.has(d.id));
    expect(rows).toHaveLength(expected.length);
    expect(rows.map((d) => d.event).sort()).toEqual([...expected].sort());
    const times = rows.map((d) => Date.parse(d.createdAt));
    expect([...times].sort((x, y) => y - x)).toEqual(times);
    expect(rows.every((d) => d.status === "delivered" && d.attempts === 1 && d.lastError === undefined)).toBe(true);
  });

  it("queues only what an endpoint wants, nothing for sign-ins, and nothing for a disabled endpoint", async () => {
    const endpointId = await addEndpoint(["user.deleted"]);
    const member = await memberSession(app);
    await signIn(app, member.username, member.password);
    await app.call("POST", "/api/auth/login", { body: { identifier: member.username, password: "wrong-wrong-1" } });
    expect(await app.db.webhookDelivery.count({ where: { endpointId } })).toBe(0);

    const off = await call("PATCH", `/api/admin/webhooks/${endpointId}`, { enabled: false });
    expect((await json(off)).webhook).toMatchObject({ enabled: false });
    expect((await call("DELETE", `/api/admin/users/${member.id}`)).status).toBe(204);
    expect(await app.db.webhookDelivery.count({ where: { endpointId } })).toBe(0);

    // Deliveries already queued wait while it is disabled, and go once it is enabled again.
    await call("PATCH", `/api/admin/webhooks/${endpointId}`, { enabled: true });
    const test = await call("POST", `/api/admin/webhooks/${endpointId}/test`);
    expect(test.status).toBe(202);
    await call("PATCH", `/api/admin/webhooks/${endpointId}`, { enabled: false });
    expect((await drain()).claimed).toBe(0);
    await call("PATCH", `/api/admin/webhooks/${endpointId}`, { enabled: true });
    await drain();
    expect(receiver.received.map((r) => r.payload.type)).toEqual(["webhook.test"]);
    expect(receiver.received[0].payload.data.user.id).toBe(staff.id);
  });

  it("delivers within a second of the change when the sender loop runs", async () => {
    await addEndpoint(["user.created"]);
    startWebhookSender({ intervalMs: 60_000 });
    const started = Date.now();
    const member = await memberSession(app);
    const [got] = await receiver.waitFor((r) => r.some((w) => w.payload.data.user.id === member.id), 5_000);
    expect(got.at - started).toBeLessThan(1_500);
  });
});

describe("retries", () => {
  it("backs off from seconds to an hour and keeps trying for more than a day", () => {
    expect(backoffDelayMs(1, DEFAULT_WEBHOOK_OPTIONS)).toBeLessThanOrEqual(5_000);
    let total = 0;
    for (let attempt = 1; attempt < DEFAULT_WEBHOOK_OPTIONS.maxAttempts; attempt++)
      total += backoffDelayMs(attempt, DEFAULT_WEBHOOK_OPTIONS);
    expect(total).toBeGreaterThanOrEqual(24 * 3_600_000);
    expect(backoffDelayMs(30, DEFAULT_WEBHOOK_OPTIONS)).toBe(3_600_000);
  });

  it("keeps every delivery while the receiver is down and delivers each exactly once when it is back", async () => {
    const endpointId = await addEndpoint(["user.created"]);
    await receiver.down();
    const members = await Promise.all(Array.from({ length: 12 }, () => memberSession(app)));
    expect(await drain()).toMatchObject({ claimed: 12, retrying: 12 });
    receiver.failing = true;
    await receiver.up();
    expect(await drain({ now: later(3_000) })).toMatchObject({ claimed: 12, retrying: 12 });
    const failing = await deliveries(endpointId);
    expect(failing.every((d) => d.status === "pending" && d.attempts === 2)).toBe(true);
    expect(failing[0].lastError).toMatch(/^HTTP 500: receiver is failing on purpose/);

    receiver.failing = false;
    // Several senders at once, from this process and (over PostgreSQL) from another one.
    const other = sharedDb ? await startOtherSender(sharedDb.databaseUrl!, TEST_SECRET) : undefined;
    try {
      await Promise.all([1, 2, 3].map(() => drain({ batchSize: 2, now: later(10_000) })));
      await receiver.waitFor((r) => r.length >= 12);
      await new Promise((resolve) => setTimeout(resolve, 300));
    } finally {
      await other?.close();
    }
    const ids = receiver.received.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(12);
    expect(new Set(receiver.received.map((r) => r.payload.data.user.id))).toEqual(new Set(members.map((m) => m.id)));
    const done = await deliveries(endpointId);
    expect(done.every((d) => d.status === "delivered" && d.attempts === 3)).toBe(true);
    // The webhook-id is the delivery's id, the same on the attempt that got through.
    expect(new Set(done.map((d) => d.id))).toEqual(new Set(ids));
  });

  it("gives up after the last attempt, and a retry by hand sends it again with the same id", async () => {
    const endpointId = await addEndpoint(["user.created"]);
    receiver.failing = true;
    await memberSession(app);
    const options = { maxAttempts: 2, backoffBaseMs: 60_000, backoffCapMs: 60_000 };
    expect(await drain(options)).toMatchObject({ retrying: 1 });
    expect(await drain({ ...options, now: later(61_000) })).toMatchObject({ failed: 1 });
    const [failed] = await deliveries(endpointId);
    expect(failed).toMatchObject({ status: "failed", attempts: 2 });
    expect((await drain({ ...options, now: later(86_400_000) })).claimed).toBe(0);

    receiver.failing = false;
    const retried = await call("POST", `/api/admin/webhooks/${endpointId}/deliveries/${failed.id}/retry`);
    expect(retried.status).toBe(202);
    expect((await json(retried)).delivery).toMatchObject({ id: failed.id, status: "pending" });
    await drain(options);
    expect(receiver.received.map((r) => r.id)).toEqual([failed.id]);
    expect((await deliveries(endpointId))[0]).toMatchObject({ status: "delivered", attempts: 3 });
    expect((await call("POST", `/api/admin/webhooks/${endpointId}/deliveries/nope/retry`)).status).toBe(404);
  });

  it("purges delivered rows after a week and given-up ones after a month", async () => {
    const endpointId = await addEndpoint(["user.created"]);
    await memberSession(app);
    await drain();
    const [row] = await app.db.webhookDelivery.findMany({ where: { endpointId } });
    await purgeStaleRows(app.db);
    expect(await app.db.webhookDelivery.count({ where: { id: row.id } })).toBe(1);
    await app.db.webhookDelivery.update({ where: { id: row.id }, data: { createdAt: later(-8 * 86_400_000) } });
    await purgeStaleRows(app.db);
    expect(await app.db.webhookDelivery.count({ where: { id: row.id } })).toBe(0);
  });
});

describe("what a receiver can and cannot do", () => {
  it("does not follow a redirect", async () => {
    const elsewhere = await startWebhookReceiver();
    try {
      const endpointId = await addEndpoint(["user.created"]);
      elsewhere.secret = receiver.secret;
      receiver.answer = (_request, response) => response.writeHead(302, { location: elsewhere.url }).end();
      await memberSession(app);
      expect(await drain()).toMatchObject({ retrying: 1 });
      expect((await deliveries(endpointId))[0].lastError).toBe("HTTP 302: redirects are not followed.");
      expect(elsewhere.received).toEqual([]);
    } finally {
      await elsewhere.close();
    }
  });

  it("reads at most a few KiB of the answer, however long it goes on", async () => {
    const endpointId = await addEndpoint(["user.created"]);
    let written = 0;
    receiver.answer = (_request, response) => {
      response.writeHead(500, { "content-type": "text/plain" });
      const chunk = "x".repeat(64 * 1024);
      const timer = setInterval(() => {
        if (response.destroyed) return clearInterval(timer);
        written += chunk.length;
        response.write(chunk);
      }, 5);
      response.on("close", () => clearInterval(timer));
    };
    await memberSession(app);
    const started = Date.now();
    expect(await drain()).toMatchObject({ retrying: 1 });
    expect(Date.now() - started).toBeLessThan(3_000);
    const [row] = await deliveries(endpointId);
    expect(row.lastError!.length).toBeLessThan(300);
    expect(row.lastError).toMatch(/^HTTP 500: x+$/);
    expect(written).toBeLessThan(10 * 1024 * 1024);
  });

  it("gives up an attempt the receiver does not answer in time", async () => {
    const endpointId = await addEndpoint(["user.created"]);
    receiver.answer = () => undefined;
    await memberSession(app);
    expect(await drain({ timeoutMs: 300 })).toMatchObject({ retrying: 1 });
    expect((await deliveries(endpointId))[0].lastError).toBe("No answer within 0.3 s.");
  });
});

describe("private addresses", () => {
  it("classifies addresses: only public unicast passes", () => {
    for (const ok of ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"])
      expect(forbiddenAddressKind(ok)).toBeUndefined();
    const kinds: Record<string, string> = {
      "127.0.0.1": "loopback",
      "::1": "loopback",
      "10.1.2.3": "private",
      "172.16.0.1": "private",
      "192.168.1.1": "private",
      "169.254.169.254": "link-local",
      "fe80::1": "link-local",
      "fd00::1": "unique-local (private)",
      "100.64.0.1": "carrier-grade NAT",
      "224.0.0.1": "multicast",
      "255.255.255.255": "broadcast",
      "0.0.0.0": "unspecified",
      "::": "unspecified",
      "::ffff:127.0.0.1": "loopback",
      "::ffff:169.254.169.254": "link-local",
    };
    for (const [address, kind] of Object.entries(kinds)) expect(forbiddenAddressKind(address), address).toBe(kind);
    expect(forbiddenAddressKind("192.0.2.1")).toMatch(/^reserved/);
  });

  it("refuses private, loopback and link-local URLs at creation (400 problem+json)", async () => {
    allowPrivateUrls(false);
    for (const url of [
      "http://127.0.0.1:8080/hooks",
      "http://localhost/hooks",
      "http://169.254.169.254/latest/meta-data",
      "http://[::1]/hooks",
      "http://[::ffff:127.0.0.1]/hooks",
      "http://10.0.0.5/hooks",
      "http://100.64.1.1/hooks",
      "http://0.0.0.0/hooks",
      "http://2130706433/hooks",
    ]) {
      const response = await call("POST", "/api/admin/webhooks", { url, events: ["user.created"] });
      expect(response.status, url).toBe(400);
      expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      expect((await json(response)).errors?.url?.[0], url).toMatch(
        /^Refused: .*(loopback|private|link-local|NAT|unspecified)/,
      );
    }
    expect(await app.db.webhookEndpoint.count()).toBe(0);
  });

  it("checks again at delivery: a name that resolves to loopback is refused when private URLs are not allowed", async () => {
    const endpointId = await addEndpoint(["user.created"], `http://localhost:${receiver.port}/hooks`);
    allowPrivateUrls(false);
    await memberSession(app);
    expect(await drain()).toMatchObject({ retrying: 1 });
    const [row] = await deliveries(endpointId);
    expect(row.lastError).toMatch(/^Refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address/);
    expect(receiver.received).toEqual([]);
  });
});

describe("the API", () => {
  it("answers 400 for every malformed body, naming the field", async () => {
    const cases: [unknown, string][] = [
      [{ events: ["user.created"] }, "url"],
      [{ url: "", events: ["user.created"] }, "url"],
      [{ url: "not a url", events: ["user.created"] }, "url"],
      [{ url: "ftp://example.com/x", events: ["user.created"] }, "url"],
      [{ url: "https://user:pw@example.com/x", events: ["user.created"] }, "url"],
      [{ url: `https://example.com/${"a".repeat(2100)}`, events: ["user.created"] }, "url"],
      [{ url: 42, events: ["user.created"] }, "url"],
      [{ url: receiver.url }, "events"],
      [{ url: receiver.url, events: [] }, "events"],
      [{ url: receiver.url, events: ["user.exploded"] }, "events"],
      [{ url: receiver.url, events: "user.created" }, "events"],
      [{ url: receiver.url, events: ["user.created"], description: "d".repeat(201) }, "description"],
      [{ url: receiver.url, events: ["user.created"], description: 7 }, "description"],
      [{ url: receiver.url, events: ["user.created"], secret: "mine" }, "body"],
      [{ url: "https://\u0000.example/x", events: ["user.created"] }, "url"],
    ];
    for (const [body, field] of cases) {
      const response = await call("POST", "/api/admin/webhooks", body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys((await json(response)).errors ?? {}), JSON.stringify(body)).toContain(field);
    }
    expect((await call("POST", "/api/admin/webhooks", "[1,")).status).toBe(400);
    const endpointId = await addEndpoint(["user.created"]);
    expect((await call("PATCH", `/api/admin/webhooks/${endpointId}`, { enabled: "yes" })).status).toBe(400);
    expect((await call("PATCH", `/api/admin/webhooks/${endpointId}`, { url: "https://x.example" })).status).toBe(400);
  });

  it("shows the secret once, keeps it sealed, and answers 401, 403 and 404 as usual", async () => {
    const created = await call("POST", "/api/admin/webhooks", { url: receiver.url, events: ["user.created"] });
    const body = await json(created);
    expect(body.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const webhook = body.webhook as { id: string };
    expect(webhook).toMatchObject({ url: receiver.url, events: ["user.created"], enabled: true, description: null });
    const listed = await json(await call("GET", "/api/admin/webhooks"));
    expect(listed.items).toEqual([webhook]);
    expect(JSON.stringify(listed)).not.toContain("secret");
    const row = await app.db.webhookEndpoint.findUniqueOrThrow({ where: { id: webhook.id } });
    expect(row.secret).toMatch(/^v1\./);
    expect(row.secret).not.toContain((body.secret as string).slice(6));

    const member = await memberSession(app);
    for (const [method, path] of [
      ["GET", "/api/admin/webhooks"],
      ["POST", "/api/admin/webhooks"],
      ["DELETE", `/api/admin/webhooks/${webhook.id}`],
      ["GET", `/api/admin/webhooks/${webhook.id}/deliveries`],
    ] as const) {
      expect((await app.call(method, path, { ip: freshIp() })).status, path).toBe(401);
      const body = method === "POST" ? { url: receiver.url, events: ["user.created"] } : undefined;
      expect((await call(method, path, body, member.token)).status, path).toBe(403);
    }
    expect((await call("DELETE", `/api/admin/webhooks/${webhook.id}`)).status).toBe(204);
    expect((await call("DELETE", `/api/admin/webhooks/${webhook.id}`)).status).toBe(404);
    expect((await call("GET", `/api/admin/webhooks/${webhook.id}/deliveries`)).status).toBe(404);
    expect((await call("POST", `/api/admin/webhooks/${webhook.id}/test`)).status).toBe(404);
    expect((await call("PATCH", `/api/admin/webhooks/${webhook.id}`, { enabled: false })).status).toBe(404);
    expect((await call("GET", "/api/admin/webhooks/a%00b/deliveries")).status).toBe(404);
  });

  it("lists the last 100 deliveries, newest first", async () => {
    const endpointId = await addEndpoint(["user.created"]);
    const now = Date.now();
    await app.db.webhookDelivery.createMany({
      data: Array.from({ length: 105 }, (_, i) => ({
        id: `msg_list_${String(i).padStart(3, "0")}`,
        endpointId,
        event: "user.created",
        payload: {},
        status: "delivered" as const,
        createdAt: new Date(now - (105 - i) * 1000),
      })),
    });
    const listed = await deliveries(endpointId);
    expect(listed).toHaveLength(100);
    expect(listed[0].id).toBe("msg_list_104");
    expect(listed[99].id).toBe("msg_list_005");
  });
});
