import { randomBytes, randomInt } from "node:crypto";
import { readdirSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { withPgClient } from "../lib/db/pg-client";
import { startInstances, type Instances } from "../scripts/instances-lib";
import { createSmtpCapture, type SmtpCapture, RESET_SUBJECT } from "../tests/helpers/smtp-capture";

/**
 * Three production servers (server.mjs) of the e2e build (ports E2E_PORT+1…+3), started at once on a
 * fresh PostgreSQL database of their own, sharing one Upstash REST bridge (over the Redis at
 * REDIS_URL) and one SMTP capture, behave as one app: limits, lockouts and revocations hold
 * whichever instance a request reaches. Needs a PostgreSQL server (E2E_DATABASE_URL or
 * TEST_DATABASE_URL), since the embedded database cannot be shared by three processes, and a
 * Redis (REDIS_URL), since the memory store counts in each process on its own.
 */

const serverUrl = process.env.E2E_DATABASE_URL || process.env.TEST_DATABASE_URL;
const redisUrl = process.env.REDIS_URL;
const basePort = Number(process.env.E2E_PORT ?? 3100);
const LIMIT = 20;
const MAX_FAILURES = 5;

test.skip(!serverUrl, "needs PostgreSQL shared by the instances: set E2E_DATABASE_URL or TEST_DATABASE_URL");
test.skip(
  !redisUrl,
  "needs a rate-limit store shared by the instances: set REDIS_URL (the Upstash bridge fronts that Redis)",
);

let instances: Instances | undefined;
let smtp: SmtpCapture | undefined;
let dropDatabase: (() => Promise<void>) | undefined;
let databaseUrl = "";

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const admin = new URL(serverUrl!);
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(admin.hostname))
    throw new Error(`refusing a non-local database host: ${admin.hostname}`);
  const name = `accounts_e2e_instances_${Date.now()}_${randomBytes(3).toString("hex")}`;
  await onServer(admin, `CREATE DATABASE "${name}"`);
  dropDatabase = () => onServer(admin, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  databaseUrl = Object.assign(new URL(admin), { pathname: `/${name}` }).toString();
  smtp = await createSmtpCapture();
  const scratch = `.test-output/e2e-instances-${basePort}`;
  instances = await startInstances({
    distDir: process.env.NEXT_DIST_DIR || ".next",
    ports: [basePort + 1, basePort + 2, basePort + 3],
    databaseUrl,
    bridgeRedis: redisUrl,
    logDir: scratch,
    env: {
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      TRUST_PROXY_HEADERS: "true",
      RATE_LIMIT_PER_MINUTE: String(LIMIT),
      LOGIN_MAX_FAILURES: String(MAX_FAILURES),
      SMTP_URL: smtp.url,
      LOG_LEVEL: "warn",
      DATA_DIR: `${scratch}/data`,
      MAIL_DIR: `${scratch}/mail`,
    },
  });
});

test.afterAll(async () => {
  await instances?.stop();
  await smtp?.close();
  await dropDatabase?.();
});

/** Runs `sql` on the server of `url`: in its database, or in "postgres" when that one does not exist (yet). */
async function onServer(url: URL, sql: string): Promise<void> {
  try {
    await withPgClient(url.toString(), (client) => client.query(sql));
  } catch (error) {
    if ((error as { code?: string }).code !== "3D000") throw error;
    await withPgClient(Object.assign(new URL(url), { pathname: "/postgres" }).toString(), (client) =>
      client.query(sql),
    );
  }
}

const octet = () => randomInt(1, 255);
const freshIp = () => `10.${octet()}.${octet()}.${octet()}`;
const url = (instance: number, path: string) => `${instances!.urls[instance]}${path}`;

function post(instance: number, path: string, body: unknown, ip: string): Promise<Response> {
  return fetch(url(instance, path), {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": ip },
    body: JSON.stringify(body),
  });
}

const me = (instance: number, token: string) =>
  fetch(url(instance, "/api/auth/me"), { headers: { authorization: `Bearer ${token}` } });

/** Signs a new user up on `instance`; returns what it needs to sign in, and its token. */
async function register(instance: number) {
  const n = randomBytes(4).toString("hex");
  const who = {
    username: `inst_${n}`,
    phoneNumber: `+1201555${String(randomInt(0, 10_000)).padStart(4, "0")}`,
    email: `inst_${n}@example.com`,
    password: `amber-meadow-${n}`,
  };
  const response = await post(instance, "/api/auth/register", who, freshIp());
  const body = await response.json();
  expect(response.status, JSON.stringify(body)).toBe(201);
  return { ...who, id: body.user.id as string, token: body.accessToken as string };
}

test("three instances started at once on a fresh database migrated it exactly once", async () => {
  const folders = readdirSync("prisma/migrations", { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
  const { rows } = await withPgClient(databaseUrl, (client) =>
    client.query<{ migration_name: string; finished: boolean }>(
      `SELECT migration_name, finished_at IS NOT NULL AS finished FROM "_prisma_migrations" ORDER BY 1`,
    ),
  );
  expect(rows).toEqual(folders.sort().map((migration_name) => ({ migration_name, finished: true })));
  for (const instance of [0, 1, 2]) {
    expect(await (await fetch(url(instance, "/api/health"))).json()).toEqual({
      status: "ok",
      database: "ok",
      rateLimiter: "ok",
    });
  }
});

test(`${LIMIT * 3} parallel requests from one IP, round-robin over the instances: exactly ${LIMIT} get through`, async () => {
  const ip = freshIp();
  const responses = await Promise.all(
    Array.from({ length: LIMIT * 3 }, (_, i) =>
      post(i % 3, "/api/auth/forgot-password", { email: `nobody_${i}@example.com` }, ip),
    ),
  );
  const statuses = responses.map((r) => r.status);
  expect(statuses.filter((s) => s !== 429)).toEqual(Array(LIMIT).fill(202));
  expect(statuses.filter((s) => s === 429)).toHaveLength(LIMIT * 2);
  for (const refused of responses.filter((r) => r.status === 429))
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
});

test(`lockout counts across instances: ${MAX_FAILURES} wrong passwords, then 429 even with the right one`, async () => {
  const user = await register(0);
  const ip = freshIp();
  const attempt = (instance: number, password: string) =>
    post(instance, "/api/auth/login", { identifier: user.username, password }, ip);
  for (let i = 0; i < MAX_FAILURES; i++) expect((await attempt(i % 3, "wrong-password-123")).status).toBe(401);
  for (const instance of [0, 1]) expect((await attempt(instance, "wrong-password-123")).status).toBe(429);
  const right = await attempt(2, user.password);
  expect(right.status).toBe(429);
  expect(Number(right.headers.get("retry-after"))).toBeGreaterThan(0);
  // The lock is the (account, IP) pair's: from another address the right password still works.
  expect(
    (await post(1, "/api/auth/login", { identifier: user.username, password: user.password }, freshIp())).status,
  ).toBe(200);
});

test("parallel wrong passwords spread over the instances get no more than the allowed checks", async () => {
  const user = await register(1);
  const ip = freshIp();
  const responses = await Promise.all(
    Array.from({ length: 12 }, (_, i) =>
      post(i % 3, "/api/auth/login", { identifier: user.username, password: `wrong-${i}-password` }, ip),
    ),
  );
  const statuses = responses.map((r) => r.status).sort();
  expect(statuses).toEqual([...Array(MAX_FAILURES).fill(401), ...Array(12 - MAX_FAILURES).fill(429)]);
});

test("a token issued by one instance is accepted by the others", async () => {
  const user = await register(0);
  const login = await post(0, "/api/auth/login", { identifier: user.username, password: user.password }, freshIp());
  expect(login.status).toBe(200);
  const loginToken = (await login.json()).accessToken as string;
  for (const token of [user.token, loginToken]) {
    for (const instance of [1, 2]) {
      const response = await me(instance, token);
      expect(response.status).toBe(200);
      expect((await response.json()).user).toMatchObject({ id: user.id, username: user.username });
    }
  }
});

test("a password reset on one instance revokes the user's tokens on every instance", async () => {
  const user = await register(0);
  for (const instance of [0, 1, 2]) expect((await me(instance, user.token)).status).toBe(200);

  expect((await post(1, "/api/auth/forgot-password", { email: user.email }, freshIp())).status).toBe(202);
  const mail = await smtp!.nextMessageTo(user.email, 20_000, RESET_SUBJECT);
  const otp = mail.text.match(/\b\d{6}\b/)?.[0];
  expect(otp).toMatch(/^\d{6}$/);
  const newPassword = `copper-lighthouse-${randomInt(100_000)}`;
  const reset = await post(1, "/api/auth/reset-password", { email: user.email, otp, newPassword }, freshIp());
  expect(reset.status, await reset.clone().text()).toBe(200);

  for (const instance of [0, 1, 2]) expect((await me(instance, user.token)).status).toBe(401);
  const login = await post(2, "/api/auth/login", { identifier: user.username, password: newPassword }, freshIp());
  expect(login.status).toBe(200);
  expect((await me(0, (await login.json()).accessToken as string)).status).toBe(200);
});
