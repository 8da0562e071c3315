import fc from "fast-check";
import type { APIRequestContext } from "@playwright/test";
import { describeRequest, leaksOf, problemsOf } from "../tests/helpers/fuzz-check";
import { fillPlaceholders, type Placeholders } from "../tests/helpers/fuzz-headers";
import type { FuzzRequest } from "../tests/helpers/fuzz-requests";
import { expect, newIdentity, test } from "./fixtures";
import { rawRequest, toWire } from "./fuzz-raw";
import { STAFF } from "./staff";

/**
 * ~1,000 fast-check-generated hostile HTTP requests against the built server (e2e/fuzz-raw.ts):
 * no 5xx, every /api error a problem+json 4xx, no leaks, and the server still healthy after.
 * Each request names its own client IP (X-Forwarded-For, trusted by the e2e server), so the
 * rate limits of other specs are not touched. Staff edits go to users this spec made, never to
 * the shared e2e staff user.
 */

const BATCH = 10;
const RUNS = 100;

let ipCounter = 0;
const ipBase = Math.floor(Math.random() * 200);
// 198.18.0.0/15 (benchmarking): no other spec uses it.
const freshIp = () => (ipCounter++, `198.${18 + (ipBase % 2)}.${(ipBase + (ipCounter >> 8)) % 256}.${ipCounter % 256}`);

async function signUp(request: APIRequestContext) {
  const who = newIdentity();
  const body = { username: who.username, phoneNumber: who.phoneE164, email: who.email, password: who.password };
  const response = await request.post("/api/auth/register", { data: body, headers: { "x-forwarded-for": freshIp() } });
  expect(response.status()).toBe(201);
  const data = (await response.json()) as { user: { id: string }; accessToken: string };
  return { id: data.user.id, token: data.accessToken };
}

async function placeholders(request: APIRequestContext): Promise<Placeholders> {
  const login = await request.post("/api/auth/login", {
    data: { identifier: STAFF.username, password: STAFF.password },
    headers: { "x-forwarded-for": freshIp() },
  });
  expect(login.status()).toBe(200);
  const staffToken = ((await login.json()) as { accessToken: string }).accessToken;
  const [member, victim, deleted] = [await signUp(request), await signUp(request), await signUp(request)];
  const removal = await request.delete(`/api/admin/users/${deleted.id}`, {
    headers: { authorization: `Bearer ${staffToken}`, "x-forwarded-for": freshIp() },
  });
  expect(removal.status()).toBe(204);
  // {self} is the victim here: the shared staff user must stay as other specs expect it.
  return {
    fresh: freshIp,
    staff: () => staffToken,
    member: () => member.token,
    victim: () => victim.id,
    deleted: () => deleted.id,
    self: () => victim.id,
  };
}

type Answer = { url: string; status: number; contentType: string | null; retryAfter: string | null; text: string };

/** The pass criteria, with what only a real server adds: redirects, HEAD, paths resolved out of /api. */
function judge(request: FuzzRequest, { url, status, contentType, retryAfter, text }: Answer): string[] {
  const sentText = `${request.path} ${Object.values(request.headers).join(" ")} ${request.body ?? ""}`;
  const outsideApi = (problems: string[]) => (status >= 500 ? [...problems, `status ${status}`] : problems);
  // The client resolves "/api/../x" to "/x": a page, whose 404 is HTML.
  if (!/^\/api(\/|$)/.test(new URL(url).pathname)) return outsideApi(leaksOf(text, sentText));
  if (status >= 300 && status < 400) return leaksOf(text, sentText); // Next's trailing-slash 308s
  if (request.method === "HEAD" || (status >= 200 && status < 300)) {
    const problems = leaksOf(text, sentText);
    if (status >= 500) problems.push(`status ${status}`);
    if (status >= 300 && contentType !== "application/problem+json") problems.push(`content-type ${contentType}`);
    return problems;
  }
  // So does the server with "/api/%2e%2e/x", once decoded.
  if (status === 404 && /%2e/i.test(request.path) && contentType?.startsWith("text/html"))
    return leaksOf(text, sentText);
  return problemsOf({ status, contentType, retryAfter, text }, sentText);
}

test("~1,000 hostile HTTP requests: no 5xx, problem+json for every /api error, and the server stays up", async ({
  request,
}) => {
  test.setTimeout(180_000);
  const values = await placeholders(request);
  let sent = 0;
  const statuses = new Map<number, number>();

  async function send(fuzzed: FuzzRequest): Promise<void> {
    const fill = (text: string) => fillPlaceholders(text, values);
    const filled = toWire({
      method: fuzzed.method,
      path: fill(fuzzed.path),
      headers: Object.fromEntries(Object.entries(fuzzed.headers).map(([k, v]) => [k, fill(v)])),
      ...(fuzzed.body === undefined ? {} : { body: fill(fuzzed.body) }),
    });
    const headers = { "content-type": "application/json", ...filled.headers };
    if (filled.body === undefined) delete (headers as Record<string, string>)["content-type"];
    const response = await request.fetch(filled.path, {
      method: filled.method,
      headers,
      data: filled.body,
      maxRedirects: 0,
      failOnStatusCode: false,
      timeout: 30_000,
    });
    const text = filled.method === "HEAD" ? "" : await response.text();
    const h = response.headers();
    sent++;
    statuses.set(response.status(), (statuses.get(response.status()) ?? 0) + 1);
    const answer = {
      url: response.url(),
      status: response.status(),
      contentType: h["content-type"] ?? null,
      retryAfter: h["retry-after"] ?? null,
      text,
    };
    const problems = judge(filled, answer);
    const shown = describeRequest(filled.method, filled.path, filled.headers, filled.body);
    expect(problems, `${shown}\n→ ${response.status()} ${text.slice(0, 400)}`).toEqual([]);
  }

  await fc.assert(
    fc.asyncProperty(fc.array(rawRequest, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
      await Promise.all(batch.map(send));
    }),
    { numRuns: RUNS },
  );

  const summary = [...statuses]
    .sort(([a], [b]) => a - b)
    .map(([s, n]) => `${s}×${n}`)
    .join(" ");
  console.log(`fuzz-http: ${sent} requests sent; statuses ${summary}`);
  expect(sent).toBeGreaterThanOrEqual(RUNS * BATCH);
  const health = await request.get("/api/health", { headers: { "x-forwarded-for": freshIp() } });
  expect(health.status()).toBe(200);
  expect(await health.json()).toEqual({ status: "ok", database: "ok", rateLimiter: "ok" });
});
