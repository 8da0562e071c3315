import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshIp, startTestApp, type TestApp } from "./helpers/app";
import { memberSession, seedUsers, staffSession } from "./helpers/admin";
import type { Placeholders } from "./helpers/fuzz-headers";
import {
  adminListRequest,
  adminMutationRequest,
  anyRouteRequest,
  authRequest,
  type FuzzRequest,
} from "./helpers/fuzz-requests";
import { dbSnapshot, sendChecked, type Outcome } from "./helpers/fuzz-send";

/**
 * Property-based fuzzing of every /api route with fast-check: hostile bodies,
 * queries, path ids and headers, against the real handlers and database. Every answer must be
 * < 500, a 4xx problem+json when not 2xx, and leak nothing (tests/helpers/fuzz-check.ts); a batch
 * of requests that wrote nothing legitimately must leave every table exactly as it was.
 * Proxy headers are trusted, so X-Forwarded-For is fuzzed too; requests mostly come from a
 * fresh IP each, except in the property that keeps the rate limiter busy on purpose.
 */

const BATCH = 10; // requests per property run, sent at once
const stats = { requests: 0, compared: 0, statuses: new Map<number, number>() };

let app: TestApp;
let values: Placeholders;
beforeAll(async () => {
  app = await startTestApp({ TRUST_PROXY_HEADERS: "true" });
  const staff = await staffSession(app);
  const member = await memberSession(app);
  const [victim, deleted] = await seedUsers(app, [
    { username: "fuzz_victim", phoneNumber: "+12125550990", email: "victim@seeded.example.org" },
    { username: "fuzz_deleted", phoneNumber: "+12125550991", deletedAt: new Date() },
  ]);
  values = {
    fresh: freshIp,
    staff: () => staff.token,
    member: () => member.token,
    victim: () => victim,
    deleted: () => deleted,
    self: () => staff.id,
  };
});
afterAll(async () => {
  const statuses = [...stats.statuses]
    .sort(([a], [b]) => a - b)
    .map(([s, n]) => `${s}×${n}`)
    .join(" ");
  console.log(
    `fuzz-api: ${stats.requests} requests sent, ${stats.compared} DB snapshots compared; statuses ${statuses}`,
  );
  await app.close();
});

/** A 2xx to anything but GET may have written on purpose; a bulk change of 0 users did not. */
function mayHaveWritten({ request, status, text }: Outcome): boolean {
  if (request.method === "GET" || status >= 300) return false;
  return !(request.path === "/api/admin/users/bulk" && text === '{"updated":0}');
}

async function runBatch(batch: FuzzRequest[]): Promise<Outcome[]> {
  const before = await dbSnapshot(app);
  const outcomes = await Promise.all(batch.map((request) => sendChecked(app, request, values)));
  stats.requests += outcomes.length;
  for (const { status } of outcomes) stats.statuses.set(status, (stats.statuses.get(status) ?? 0) + 1);
  if (!outcomes.some(mayHaveWritten)) {
    expect(await dbSnapshot(app)).toEqual(before);
    stats.compared++;
  }
  return outcomes;
}

const batches = (request: fc.Arbitrary<FuzzRequest>) => fc.array(request, { minLength: BATCH, maxLength: BATCH });

function fuzz(name: string, request: fc.Arbitrary<FuzzRequest>, numRuns: number) {
  it(`${name} (${numRuns * BATCH} requests)`, async () => {
    await fc.assert(
      fc.asyncProperty(batches(request), async (batch) => void (await runBatch(batch))),
      { numRuns },
    );
  }, 120_000);
}

describe("fuzzing every /api route", () => {
  fuzz("auth endpoints: hostile bodies, content types and proxy headers", authRequest, 300);
  fuzz("staff listing and export: hostile query parameters and tokens", adminListRequest, 250);
  fuzz("staff user ids, edits, deletes, restores and bulk actions", adminMutationRequest, 250);
  fuzz("every route, including /me, /health, /openapi.json and unknown paths: hostile headers", anyRouteRequest, 200);

  it("keeps every answer a problem+json 4xx while the rate limiter refuses (429 with Retry-After)", async () => {
    const ip = freshIp();
    let limited = 0;
    // One client IP for all: > 20 requests reach one endpoint within the minute, so 429s must come.
    const pinned = batches(authRequest).map((batch) =>
      batch.map((r) => ({ ...r, headers: { ...r.headers, "x-forwarded-for": ip } })),
    );
    await fc.assert(
      fc.asyncProperty(pinned, async (batch) => {
        limited += (await runBatch(batch)).filter(({ status }) => status === 429).length;
      }),
      { numRuns: 30 },
    );
    expect(limited).toBeGreaterThan(0);
  }, 120_000);

  it("answers what fuzzing once turned into 500s with 4xx or 2xx: NUL in text, dates PostgreSQL cannot hold", async () => {
    const staff = { authorization: "Bearer {staff}" };
    const cases: Array<[FuzzRequest, number]> = [
      [{ method: "GET", path: "/api/admin/users?q=%00", headers: staff }, 400],
      [{ method: "GET", path: "/api/admin/users/export?q=a%00", headers: staff }, 400],
      [
        {
          method: "POST",
          path: "/api/admin/users/bulk",
          headers: staff,
          body: '{"ids":["a\\u0000"],"action":"delete"}',
        },
        400,
      ],
      [{ method: "GET", path: "/api/admin/users/a%00b", headers: staff }, 404],
      [{ method: "PATCH", path: "/api/admin/users/a%00b", headers: staff, body: "{}" }, 404],
      [{ method: "DELETE", path: "/api/admin/users/a%00b", headers: staff }, 404],
      [{ method: "POST", path: "/api/admin/users/a%00b/restore", headers: staff }, 404],
      [{ method: "GET", path: "/api/admin/users/a%00b", headers: {} }, 401], // the token is still checked first
      [{ method: "GET", path: "/api/admin/users?joinedTo=0000-01-01", headers: staff }, 200],
      [{ method: "GET", path: "/api/admin/users?joinedFrom=0001-01-01T00:00:00%2B01:00", headers: staff }, 200],
      [
        { method: "GET", path: "/api/admin/users/export?joinedTo=9999-12-31&joinedFrom=0000-12-31", headers: staff },
        200,
      ],
      [{ method: "GET", path: "/api/admin/users?joinedTo=9999-12-31T23:59:59-12:00", headers: staff }, 200],
    ];
    for (const [request, status] of cases) {
      expect((await sendChecked(app, request, values)).status, `${request.method} ${request.path}`).toBe(status);
    }
  });

  it("sent at least 10,000 hostile requests, and compared the database around most batches", () => {
    expect(stats.requests).toBeGreaterThanOrEqual(10_000);
    expect(stats.compared).toBeGreaterThan(500);
  });
});
