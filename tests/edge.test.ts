import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { buildApiApp } from "@/lib/api/app";
import { defineRoute, type ApiRoute } from "@/lib/api/define";
import { apiRoutes } from "@/lib/api/routes";
import { SOCKET_IP_HEADER } from "@/lib/http/client-ip";
import { edgeListener } from "@/lib/http/edge";
import { isNextAuthPath, isProviderCallback } from "@/lib/http/next-auth-paths";
import { MAX_BODY_BYTES } from "@/lib/http/read-input";

/**
 * The server's request path (lib/http/edge.ts, as server.ts installs it) on a real Node HTTP
 * server: the API app of test routes and the app's own, and a handler standing in for Next that
 * answers "next". The built app goes through the same path in every e2e spec (api, fuzz-http, …).
 */

let cancelledStreams = 0;
const route = (path: `/api/${string}`, handler: ApiRoute["handler"], extra: Partial<ApiRoute> = {}): ApiRoute =>
  defineRoute({ method: "get", path, summary: path, tags: [], access: "public", responses: {}, handler, ...extra });

const testRoutes: ApiRoute[] = [
  route("/api/t/items/{id}", async ({ request, params }) =>
    Response.json({
      id: (params as { id: string }).id,
      q: new URL(request.url).searchParams.get("q"),
      ip: request.headers.get("x-test-ip"),
    }),
  ),
  route("/api/t/whoami", async ({ request, ip }) =>
    Response.json({ stamped: request.headers.get(SOCKET_IP_HEADER), ip }),
  ),
  route("/api/t/items/special", async () => Response.json({ route: "static" })),
  route("/api/t/{kind}/x/y", async () => Response.json({ route: "param first" })),
  route("/api/t/items/{id}/y", async () => Response.json({ route: "static first" })),
  route("/api/t/echo", async ({ body }) => Response.json(body), {
    method: "post",
    body: z.object({ name: z.string() }),
  }),
  route("/api/t/throws", () => Promise.reject(new Error("secret detail at lib/x.ts:12"))),
  route(
    "/api/t/fails-at-once",
    async () =>
      new Response(new ReadableStream({ pull: () => Promise.reject(new Error("database gone")) }), {
        headers: { "content-type": "text/csv", "content-disposition": 'attachment; filename="x.csv"' },
      }),
  ),
  route(
    "/api/t/cookies",
    async () =>
      new Response("ok", {
        headers: [
          ["set-cookie", "a=1"],
          ["set-cookie", "b=2"],
        ],
      }),
  ),
  route("/api/t/stream", async () => new Response(endlessCsv(), { headers: { "content-type": "text/csv" } })),
  route("/api/t/big", async () =>
    Response.json({ items: Array.from({ length: 200 }, (_, i) => ({ i, name: `user${i}` })) }),
  ),
  route(
    "/api/t/lines",
    async () => new Response(lines(300), { headers: { "content-type": "text/csv; charset=utf-8" } }),
  ),
];

function lines(count: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull: (controller) =>
      sent < count ? controller.enqueue(new TextEncoder().encode(`line ${sent++}\n`)) : controller.close(),
  });
}

function endlessCsv(): ReadableStream<Uint8Array> {
  // Random, so that gzip cannot shrink a megabyte of it to nothing.
  return new ReadableStream({
    pull: (controller) => controller.enqueue(new TextEncoder().encode(randomBytes(1024).toString("base64") + "\n")),
    cancel: () => void cancelledStreams++,
  });
}

let server: http.Server;
let base: string;
let connections = 0;
beforeAll(async () => {
  const api = buildApiApp([...testRoutes, ...apiRoutes]);
  server = http.createServer(edgeListener({ api: api.fetch, next: (_req, res) => res.end("next") }));
  server.on("connection", () => connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

type Reply = { status: number; headers: http.IncomingHttpHeaders; body: string; raw: Buffer };

/** Raw, so that neither the method nor the path is changed on the way. */
function send(
  method: string,
  pathname: string,
  options: { body?: string | Array<string | Buffer>; headers?: http.OutgoingHttpHeaders; agent?: http.Agent } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${base}/`,
      { method, path: pathname, headers: options.headers, agent: options.agent },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const raw = Buffer.concat(chunks);
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: raw.toString(), raw });
        });
      },
    );
    request.on("error", reject);
    // Several writes: a body that arrives in pieces, as a slow client's would.
    for (const piece of typeof options.body === "string" ? [options.body] : (options.body ?? [])) request.write(piece);
    request.end();
  });
}

describe("the client's address", () => {
  it("is the TCP peer's, stamped over whatever the client sent under the header's name", async () => {
    const reply = await send("GET", "/api/t/whoami", { headers: { [SOCKET_IP_HEADER]: "203.0.113.66" } });
    expect(JSON.parse(reply.body)).toEqual({ stamped: "127.0.0.1", ip: "127.0.0.1" });
  });
});

describe("the /api request guard", () => {
  it.each(["TRACE", "PROPFIND", "PURGE", "M-SEARCH", "LOCK"])(
    "answers %s on /api with a 405 problem+json",
    async (method) => {
      const response = await send(method, "/api/auth/login");
      expect(response).toMatchObject({
        status: 405,
        headers: { "content-type": "application/problem+json", allow: "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS" },
      });
      expect(JSON.parse(response.body)).toMatchObject({ status: 405, type: "/problems/method-not-allowed" });
    },
  );

  it.each(["/api/admin/users/%zz", "/api/admin/users/%FF", "/api/admin/users/%ED%A0%80", "/api/%", "/api/health%zz"])(
    "answers the undecodable path %s with a 400 problem+json",
    async (path) => {
      const response = await send("GET", path);
      expect(response).toMatchObject({ status: 400, headers: { "content-type": "application/problem+json" } });
      expect(JSON.parse(response.body)).toMatchObject({ status: 400, title: expect.any(String) });
    },
  );

  it.each(["/api", "/api/", "/api?x=1"])(
    "answers %s itself with a 404 problem+json pointing to the OpenAPI document",
    async (path) => {
      const response = await send("GET", path);
      expect(response).toMatchObject({ status: 404, headers: { "content-type": "application/problem+json" } });
      expect(JSON.parse(response.body)).toMatchObject({
        status: 404,
        detail: expect.stringContaining("/api/openapi.json"),
      });
    },
  );

  it("lets the API's own methods, good paths and odd queries through to the API app, and the rest to Next", async () => {
    // The API app tags every answer with a request id; the guard's answers carry none.
    for (const [method, path] of [
      ["GET", "/api/t/items/1?q=%zz"],
      ["OPTIONS", "/api/auth/login"],
      ["DELETE", "/api/admin/users/%00"],
    ]) {
      expect((await send(method, path)).headers["x-request-id"], `${method} ${path}`).toBeTruthy();
    }
    for (const [method, path] of [
      ["TRACE", "/sign-in"],
      ["GET", "/apix/%zz"],
      ["GET", "/elsewhere"],
      ["POST", "/sign-in"],
    ]) {
      expect(await send(method, path), `${method} ${path}`).toMatchObject({ status: 200, body: "next" });
    }
  });
});

describe("routing in the API app", () => {
  it("passes decoded parameters and the query to the handler, and the request's headers", async () => {
    const reply = await send("GET", "/api/t/items/a%20b%2Fc?q=x%26y", { headers: { "x-test-ip": "203.0.113.9" } });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({ id: "a b/c", q: "x&y", ip: "203.0.113.9" });
  });

  it("prefers a static segment to a parameter, whatever the list's order", async () => {
    expect(JSON.parse((await send("GET", "/api/t/items/special")).body)).toEqual({ route: "static" });
    // Segment by segment: "items" beats {kind} before {id} loses to "x".
    expect(JSON.parse((await send("GET", "/api/t/items/x/y")).body)).toEqual({ route: "static first" });
  });

  it("answers HEAD as GET without a body, and OPTIONS with the methods the path allows", async () => {
    const head = await send("HEAD", "/api/t/items/1");
    expect(head).toMatchObject({ status: 200, body: "" });
    const options = await send("OPTIONS", "/api/admin/users/abc");
    expect(options.status).toBe(204);
    expect(options.headers.allow).toBe("GET, PATCH, DELETE");
  });

  it.each([
    ["a trailing slash", "/api/t/items/1/"],
    ["an empty segment", "/api/t//items"],
    ["a path no route has", "/api/admin/nothing-here"],
  ])("answers %s with the API's 404 problem+json", async (_why, pathname) => {
    const reply = await send("GET", pathname);
    expect(reply.status).toBe(404);
    expect(reply.headers["content-type"]).toBe("application/problem+json");
    expect(JSON.parse(reply.body)).toMatchObject({ status: 404, detail: `No API endpoint at ${pathname}.` });
  });

  it("answers a method the path lacks with a 405 naming the ones it has", async () => {
    const reply = await send("DELETE", "/api/admin/users/bulk");
    expect(reply.status).toBe(405);
    expect(reply.headers.allow).toBe("POST");
    expect(JSON.parse(reply.body)).toMatchObject({ status: 405, detail: "This endpoint accepts POST." });
  });
});

describe("answering", () => {
  it("writes a JSON answer with its length and the security headers Next's config adds", async () => {
    const reply = await send("GET", "/api/t/items/7");
    expect(reply.headers["content-length"]).toBe(String(Buffer.byteLength(reply.body)));
    expect(reply.headers["x-content-type-options"]).toBe("nosniff");
    expect(reply.headers["content-security-policy"]).toBeTruthy();
  });

  it("reads a body sent in pieces", async () => {
    const reply = await send("POST", "/api/t/echo", {
      body: ['{"na', 'me":', '"ada"}'],
      headers: { "content-type": "application/json" },
    });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({ name: "ada" });
  });

  it("answers a body over the limit with 413 and keeps the connection for the next request", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const before = connections;
    const big = Array.from({ length: 8 }, () => Buffer.alloc(MAX_BODY_BYTES / 4, 0x20));
    const tooLarge = await send("POST", "/api/t/echo", {
      body: big,
      headers: { "content-type": "application/json" },
      agent,
    });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers["content-type"]).toBe("application/problem+json");
    // A refused method's body is never read at all: drained all the same.
    const refused = await send("POST", "/api/t/items/1", { body: big, agent });
    expect(refused.status).toBe(405);
    const after = await send("POST", "/api/t/echo", {
      body: '{"name":"bo"}',
      headers: { "content-type": "application/json" },
      agent,
    });
    expect(JSON.parse(after.body)).toEqual({ name: "bo" });
    expect(connections - before).toBe(1);
    agent.destroy();
  });

  it("answers a handler's crash with an opaque 500 problem+json", async () => {
    const reply = await send("GET", "/api/t/throws");
    expect(reply.status).toBe(500);
    expect(reply.headers["content-type"]).toBe("application/problem+json");
    expect(reply.body).not.toContain("secret detail");
  });

  it("answers a body that fails before its first chunk with a 500 that keeps none of its headers", async () => {
    const reply = await send("GET", "/api/t/fails-at-once");
    expect(reply.status).toBe(500);
    expect(reply.headers["content-type"]).toBe("application/problem+json");
    expect(reply.headers["content-disposition"]).toBeUndefined();
    expect(reply.headers["x-content-type-options"]).toBe("nosniff");
    expect(reply.body).not.toContain("database gone");
  });

  it("sends every Set-Cookie header apart", async () => {
    expect((await send("GET", "/api/t/cookies")).headers["set-cookie"]).toEqual(["a=1", "b=2"]);
  });

  it.each(["identity", "gzip"])(
    "streams a long body as the client reads it (%s), and cancels it when the client goes away",
    async (encoding) => {
      const before = cancelledStreams;
      const received = await new Promise<number>((resolve, reject) => {
        const request = http.get(`${base}/api/t/stream`, { headers: { "accept-encoding": encoding } }, (response) => {
          let bytes = 0;
          response.on("data", (chunk: Buffer) => {
            bytes += chunk.length;
            if (bytes > 2 ** 20) request.destroy();
          });
          response.on("close", () => resolve(bytes));
        });
        request.on("error", (error) => (request.destroyed ? undefined : reject(error)));
      });
      expect(received).toBeGreaterThan(2 ** 20);
      await expect.poll(() => cancelledStreams - before).toBe(1);
    },
  );
});

describe("compression", () => {
  const gzip = { "accept-encoding": "br, gzip;q=0.8" };

  it("gzips JSON of 1 KiB or more for a client that accepts it", async () => {
    const plain = await send("GET", "/api/t/big");
    const zipped = await send("GET", "/api/t/big", { headers: gzip });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    expect(zipped.headers.vary).toMatch(/Accept-Encoding/);
    expect(zipped.raw.length).toBeLessThan(plain.raw.length / 2);
    expect(gunzipSync(zipped.raw).toString()).toBe(plain.body);
  });

  it("leaves small answers, and clients that refuse gzip, uncompressed", async () => {
    expect((await send("GET", "/api/t/items/1", { headers: gzip })).headers["content-encoding"]).toBeUndefined();
    expect(
      (await send("GET", "/api/t/big", { headers: { "accept-encoding": "gzip;q=0, identity" } })).headers[
        "content-encoding"
      ],
    ).toBeUndefined();
  });

  it("gzips a streamed text body as it goes", async () => {
    const reply = await send("GET", "/api/t/lines", { headers: gzip });
    expect(reply.headers["content-encoding"]).toBe("gzip");
    const text = gunzipSync(reply.raw).toString();
    expect(text.split("\n")).toHaveLength(301);
    expect(text).toContain("line 299\n");
  });

  it.each([
    ["gzip", "gzip"],
    ["deflate, GZIP", "gzip"],
    ["gzip;q=0.001", "gzip"],
    ["gzip;q=0", undefined],
    ["gzip ; q=0.0", undefined],
    ["x-gzip2, br", undefined],
    ["", undefined],
  ])("reads Accept-Encoding %j: %s", async (header, encoding) => {
    expect(
      (await send("GET", "/api/t/big", { headers: { "accept-encoding": header } })).headers["content-encoding"],
    ).toBe(encoding);
  });
});

describe("the app's own routes", () => {
  it("refuses /api/auth/me without a token, as the contract says", async () => {
    const reply = await send("GET", "/api/auth/me");
    expect(reply.status).toBe(401);
    expect(reply.headers["content-type"]).toBe("application/problem+json");
    expect(reply.headers["x-request-id"]).toBeTruthy();
  });
});

describe("next-auth's routes", () => {
  const nextAuthPaths = [
    "/api/auth/signin/oidc",
    "/api/auth/signin/github",
    "/api/auth/signin/google?callbackUrl=%2Faccount",
    "/api/auth/callback/github?code=1",
    "/api/auth/callback/oidc",
    "/api/auth/csrf",
  ];
  const apiPaths = [
    "/api/auth/login",
    "/api/auth/session",
    "/api/auth/signout",
    "/api/auth/callback/credentials",
    "/api/auth/signin/unknown",
    "/api/auth/signin",
    "/api/auth/signin/githubx",
    "/api/auth/csrfx",
    "/api/auth/providers",
    "/api/auth/callback",
    "/api/auth/csrf/../login",
    "/api/auth/csrf/%2e%2e/login",
    "/api/auth/callback/oidc/",
    "/api/auth/signin/github/x",
  ];

  it.each(nextAuthPaths)("%s is one of them", (path) => expect(isNextAuthPath(path)).toBe(true));
  it.each(apiPaths)("%s is not", (path) => expect(isNextAuthPath(path)).toBe(false));

  it("tells a provider's callback from the rest", () => {
    expect(isProviderCallback("/api/auth/callback/github?code=1&state=x")).toBe(true);
    expect(isProviderCallback("/api/auth/callback/oidc")).toBe(true);
    for (const path of ["/api/auth/signin/github", "/api/auth/csrf", "/api/auth/callback/credentials"]) {
      expect(isProviderCallback(path), path).toBe(false);
    }
  });

  it("go to Next, and the rest of /api/auth to the API app", async () => {
    for (const path of nextAuthPaths) {
      for (const method of ["GET", "POST"]) {
        expect(await send(method, path), `${method} ${path}`).toMatchObject({ status: 200, body: "next" });
      }
    }
    for (const path of apiPaths) {
      const reply = await send("GET", path);
      expect(reply.body, path).not.toBe("next");
      expect(reply.headers["x-request-id"], path).toBeTruthy();
    }
  });
});
