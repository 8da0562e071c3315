import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiRoutes } from "@/lib/api/routes";
import { freshIp, json, startTestApp, type TestApp } from "./helpers/app";

/**
 * Every route that names a rate limit, walked from the route list itself (so a route added later
 * is covered): RATE_LIMIT_PER_MINUTE requests from one IP, refused ones included, then a 429
 * with Retry-After, before the token or the body is even read.
 */

const LIMIT = 3;

/**
 * The sliding window weighs the previous minute's hits down as the new minute goes on, rounding
 * down: just past a minute boundary one more hit gets through. A walk starts clear of it.
 */
async function clearOfMinuteBoundary(): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 5_000) await new Promise((resolve) => setTimeout(resolve, left + 100));
}

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ RATE_LIMIT_PER_MINUTE: String(LIMIT) });
});
afterAll(() => app.close());

describe("rate-limited routes", () => {
  const limited = apiRoutes.filter((route) => route.rateLimit);

  it("covers the sign-in steps", () => {
    const paths = limited.map((route) => route.path);
    expect(paths).toEqual(expect.arrayContaining(["/api/auth/login", "/api/auth/login/mfa"]));
  });

  it.each(limited.map((route) => [`${route.method} ${route.path}`, route] as const))(
    "%s answers 429 past the limit",
    async (_name, route) => {
      const ip = freshIp();
      const path = route.path.replace(/\{[^}]+\}/g, "x");
      const send = () => app.call(route.method.toUpperCase(), path, { ip, body: route.body ? {} : undefined });
      await clearOfMinuteBoundary();
      for (let i = 0; i < LIMIT; i++) expect((await send()).status).not.toBe(429);
      const refused = await send();
      expect(refused.status).toBe(429);
      expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
      expect((await json(refused)).type).toBe("/problems/rate-limited");
    },
  );
});
