import { randomBytes } from "node:crypto";
import { apiApp } from "@/lib/api/app";
import { resetConfigForTests } from "@/lib/config";
import { closeDb, getDb, setDbForTests } from "@/lib/db";
import { SOCKET_IP_HEADER } from "@/lib/http/client-ip";
import { resetRateLimitForTests } from "@/lib/rate-limit";
import { startTestBridge, type TestBridge } from "./bridge";
import { createTestDb, type TestDb } from "./test-db";

/**
 * The real API app (lib/api) over a fresh, migrated database of this test file's own, with the
 * real rate-limit store: the Upstash bridge in front of Redis when REDIS_URL is set (else the
 * in-process store). Requests go to the app as server.ts hands them over, with the client IP
 * stamped as the edge stamps it.
 */

export type CallOptions = { body?: unknown; ip?: string; token?: string; headers?: Record<string, string> };

export type TestApp = {
  db: TestDb["db"];
  call(method: string, path: string, options?: CallOptions): Promise<Response>;
  close(): Promise<void>;
};

/**
 * Unique per test process: account keys in the rate-limit store derive from it, and a real
 * Redis outlives test runs and is shared by test files running in parallel.
 */
export const TEST_SECRET = `integration-test-secret-${randomBytes(16).toString("hex")}`;

/** Sets env for this file's app (config and the store are read again), starts it. */
export async function startTestApp(env: Record<string, string | undefined> = {}): Promise<TestApp> {
  // A DATABASE_URL given here is opened as the app opens it (getDb() migrates it and builds its
  // pool), for fault tests that stop that server; otherwise a fresh test database of this file's own.
  const testDb = env.DATABASE_URL ? undefined : await createTestDb();
  let bridge: TestBridge | undefined;
  const upstash: Record<string, string> = {};
  if (process.env.REDIS_URL && !("UPSTASH_REDIS_REST_URL" in env)) {
    bridge = await startTestBridge();
    upstash.UPSTASH_REDIS_REST_URL = bridge.url;
    upstash.UPSTASH_REDIS_REST_TOKEN = bridge.token;
  }
  for (const [key, value] of Object.entries({ AUTH_SECRET: TEST_SECRET, DATABASE_URL: "", ...upstash, ...env })) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  resetConfigForTests();
  resetRateLimitForTests();
  if (testDb) setDbForTests(testDb.db);
  else await closeDb();
  const db = testDb?.db ?? (await getDb());

  const defaultIp = freshIp();
  return {
    db,
    async call(method, path, { body, ip = defaultIp, token, headers = {} } = {}) {
      const request = new Request(`http://localhost${path}`, {
        method,
        headers: {
          [SOCKET_IP_HEADER]: ip,
          ...(body !== undefined ? { "content-type": "application/json" } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
      });
      return apiApp.fetch(request);
    },
    async close() {
      await closeDb();
      await bridge?.close();
      await testDb?.close();
      resetRateLimitForTests();
    },
  };
}

let ipCounter = 0;
const ipPrefix = `2001:db8:${randomBytes(4)
  .toString("hex")
  .replace(/(.{4})/, "$1:")}`;
/**
 * A client IP no other test uses (in this file, in parallel files, or in earlier runs against
 * the same Redis), so per-IP limits stay per test. IPv6 documentation prefix, random per process.
 */
export function freshIp(): string {
  ipCounter++;
  return `${ipPrefix}::${ipCounter.toString(16)}`;
}

let userCounter = 0;
/** A valid, unique sign-up body. */
export function newUser(overrides: Record<string, unknown> = {}) {
  userCounter++;
  const n = String(userCounter).padStart(4, "0");
  return {
    username: `member_${process.pid}_${n}`,
    phoneNumber: `+1 (212) 555-${n}`,
    email: `member_${n}@example.com`,
    password: `green-meadow-${n}-lamp`,
    ...overrides,
  };
}

export async function json(
  response: Response,
): Promise<Record<string, unknown> & { errors?: Record<string, string[]> }> {
  return (await response.json()) as Record<string, unknown>;
}
