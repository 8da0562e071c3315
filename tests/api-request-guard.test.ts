import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installServerHooks } from "@/lib/http/server-hooks";

/**
 * The guard in front of Next (lib/http/api-request-guard.ts, installed by lib/http/server-hooks.ts), on a real Node HTTP server whose
 * own handler stands in for Next: what the guard answers never reaches it. e2e/fuzz-http.spec.ts
 * checks the same against the built app.
 */

let server: http.Server;
let base: string;
beforeAll(async () => {
  installServerHooks();
  server = http.createServer((_req, res) => res.end("next"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Raw, so that neither the method nor the path is changed on the way. */
function send(method: string, path: string): Promise<{ status: number; type?: string; allow?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${base}/`, { method, path }, (response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => (body += chunk.toString()));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, type: response.headers["content-type"], allow: response.headers.allow, body }));
    });
    request.on("error", reject);
    request.end();
  });
}

describe("the /api request guard", () => {
  it.each(["TRACE", "PROPFIND", "PURGE", "M-SEARCH", "LOCK"])("answers %s on /api with a 405 problem+json", async (method) => {
    const response = await send(method, "/api/auth/login");
    expect(response).toMatchObject({ status: 405, type: "application/problem+json", allow: "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS" });
    expect(JSON.parse(response.body)).toMatchObject({ status: 405, type: "/problems/method-not-allowed" });
  });

  it.each(["/api/admin/users/%zz", "/api/admin/users/%FF", "/api/admin/users/%ED%A0%80", "/api/%", "/api/health%zz"])("answers the undecodable path %s with a 400 problem+json", async (path) => {
    const response = await send("GET", path);
    expect(response).toMatchObject({ status: 400, type: "application/problem+json" });
    expect(JSON.parse(response.body)).toMatchObject({ status: 400, title: expect.any(String) });
  });

  it.each(["/api", "/api/", "/api?x=1"])("answers %s itself with a 404 problem+json pointing to the OpenAPI document", async (path) => {
    const response = await send("GET", path);
    expect(response).toMatchObject({ status: 404, type: "application/problem+json" });
    expect(JSON.parse(response.body)).toMatchObject({ status: 404, detail: expect.stringContaining("/api/openapi.json") });
  });

  it("lets everything else through: the API's own methods, good paths, odd queries, and pages", async () => {
    for (const [method, path] of [["GET", "/api/health?q=%zz"], ["OPTIONS", "/api/auth/login"], ["DELETE", "/api/admin/users/%00"], ["TRACE", "/sign-in"], ["GET", "/apix/%zz"]]) {
      expect(await send(method, path), `${method} ${path}`).toMatchObject({ status: 200, body: "next" });
    }
  });
});
