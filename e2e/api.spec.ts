import { spawn } from "node:child_process";
import { expect, test } from "./fixtures";

/** The foundation's promises over real HTTP against the built server. */
test.describe("the /api surface", () => {
  test("unknown paths, wrong methods and wrong content types get problem+json, never HTML", async ({ request }) => {
    const cases = [
      { response: await request.get("/api/nope"), status: 404 },
      { response: await request.post("/api/auth/me/extra", { data: {} }), status: 404 },
      { response: await request.delete("/api/health"), status: 405 },
      { response: await request.get("/api/auth/login"), status: 405 },
      {
        response: await request.post("/api/auth/login", {
          data: "identifier=a",
          headers: { "content-type": "text/plain" },
        }),
        status: 415,
      },
      {
        response: await request.post("/api/auth/register", {
          data: "{oops",
          headers: { "content-type": "application/json" },
        }),
        status: 400,
      },
    ];
    for (const { response, status } of cases) {
      expect(response.status(), response.url()).toBe(status);
      expect(response.headers()["content-type"]).toBe("application/problem+json");
      expect(await response.json()).toMatchObject({ status, type: expect.any(String), title: expect.any(String) });
    }
  });

  test("health reports the database and the rate limiter", async ({ request }) => {
    const response = await request.get("/api/health");
    expect(response.status()).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", database: "ok", rateLimiter: "ok" });
  });

  test("the OpenAPI document is served", async ({ request }) => {
    const response = await request.get("/api/openapi.json");
    expect(response.status()).toBe(200);
    const doc = await response.json();
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toContain("/api/auth/login");
  });

  test("a bad configuration value stops start-up with a message naming the variable", async () => {
    const server = spawn("npx", ["next", "start", "-p", "3199"], {
      env: { ...process.env, RATE_LIMIT_PER_MINUTE: "abc", AUTH_SECRET: "x".repeat(40), DATABASE_URL: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    server.stdout.on("data", (chunk) => (output += chunk));
    server.stderr.on("data", (chunk) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => (server.kill("SIGKILL"), resolve(null)), 30_000);
      server.on("exit", (exitCode) => (clearTimeout(timer), resolve(exitCode)));
    });
    expect(code, output).not.toBe(0);
    expect(code).not.toBeNull();
    expect(output).toContain("RATE_LIMIT_PER_MINUTE");
  });
});

test("pages and API responses carry the security headers", async ({ request }) => {
  for (const path of ["/", "/sign-in", "/api/health"]) {
    const headers = (await request.get(path)).headers();
    expect(headers["content-security-policy"], path).toContain("frame-ancestors 'none'");
    expect(headers["content-security-policy"], path).not.toContain("unsafe-eval");
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
  }
});
