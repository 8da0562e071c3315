import { randomBytes } from "node:crypto";
import { readdirSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { apiRoutes } from "@/app/api/routes";
import { acceptsGzip, apiDispatcher, type ApiRoute } from "@/lib/http/direct-api";
import { MAX_BODY_BYTES } from "@/lib/http/read-input";
import { otherMethods, withApi } from "@/lib/http/route";

/**
 * The production server's /api path without Next (lib/http/direct-api.ts), on a real Node HTTP
 * server whose own handler stands in for Next: anything the dispatcher declines answers
 * "next". The built app goes through it in every e2e spec that calls /api (api, fuzz-http, …).
 */

let cancelledStreams = 0;
const echo = withApi({ body: z.object({ name: z.string() }) }, async ({ body }) => Response.json(body));
const testRoutes: ApiRoute[] = [
  {
    path: "/t/items/[id]",
    module: {
      ...otherMethods("GET"),
      GET: async (request: Request, { params }: { params: Promise<{ id: string }> }) =>
        Response.json({ id: (await params).id, q: new URL(request.url).searchParams.get("q"), ip: request.headers.get("x-test-ip") }),
    },
  },
  { path: "/t/items/special", module: { GET: () => Response.json({ route: "static" }) } },
  { path: "/t/[kind]/x/y", module: { GET: () => Response.json({ route: "param first" }) } },
  { path: "/t/items/[id]/y", module: { GET: () => Response.json({ route: "static first" }) } },
  { path: "/t/echo", module: { POST: echo } },
  { path: "/t/throws", module: { GET: () => Promise.reject(new Error("secret detail at lib/x.ts:12")) } },
  {
    path: "/t/fails-at-once",
    module: {
      GET: () =>
        new Response(new ReadableStream({ pull: () => Promise.reject(new Error("database gone")) }), {
          headers: { "content-type": "text/csv", "content-disposition": 'attachment; filename="x.csv"' },
        }),
    },
  },
  { path: "/t/cookies", module: { GET: () => new Response("ok", { headers: [["set-cookie", "a=1"], ["set-cookie", "b=2"]] }) } },
  { path: "/t/stream", module: { GET: () => new Response(endlessCsv(), { headers: { "content-type": "text/csv" } }) } },
  { path: "/t/big", module: { GET: () => Response.json({ items: Array.from({ length: 200 }, (_, i) => ({ i, name: `user${i}` })) }) } },
  { path: "/t/lines", module: { GET: () => new Response(lines(300), { headers: { "content-type": "text/csv; charset=utf-8" } }) } },
];

function lines(count: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull: (controller) => (sent < count ? controller.enqueue(new TextEncoder().encode(`line ${sent++}\n`)) : controller.close()),
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
  const dispatch = apiDispatcher([...testRoutes, ...apiRoutes]);
  server = http.createServer((req, res) => dispatch(req, res) || res.end("next"));
  server.on("connection", () => connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

type Reply = { status: number; headers: http.IncomingHttpHeaders; body: string; raw: Buffer };

function send(method: string, pathname: string, options: { body?: string | Array<string | Buffer>; headers?: http.OutgoingHttpHeaders; agent?: http.Agent } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${base}/`, { method, path: pathname, headers: options.headers, agent: options.agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        const raw = Buffer.concat(chunks);
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: raw.toString(), raw });
      });
    });
    request.on("error", reject);
    // Several writes: a body that arrives in pieces, as a slow client's would.
    for (const piece of typeof options.body === "string" ? [options.body] : (options.body ?? [])) request.write(piece);
    request.end();
  });
}

describe("the route table", () => {
  it("lists exactly the route.ts files under app/api", () => {
    const onDisk = readdirSync("app/api", { recursive: true, encoding: "utf8" })
      .filter((file) => path.basename(file) === "route.ts")
      .map((file) => `/api/${path.dirname(file)}`.replace(/\/\.$/, "").split(path.sep).join("/"));
    expect(apiRoutes.map((route) => route.path).sort()).toEqual(onDisk.sort());
  });
});

describe("matching a path", () => {
  it("passes decoded parameters and the query to the handler, and the request's headers", async () => {
    const reply = await send("GET", "/t/items/a%20b%2Fc?q=x%26y", { headers: { "x-test-ip": "203.0.113.9" } });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({ id: "a b/c", q: "x&y", ip: "203.0.113.9" });
  });

  it("prefers a static segment to a parameter, whatever the table's order", async () => {
    expect(JSON.parse((await send("GET", "/t/items/special")).body)).toEqual({ route: "static" });
    // Segment by segment, as Next decides: "items" beats [kind] before [id] loses to "x".
    expect(JSON.parse((await send("GET", "/t/items/x/y")).body)).toEqual({ route: "static first" });
  });

  it.each([
    ["a method the route does not export", "HEAD", "/t/items/1"],
    ["a method the route does not export", "OPTIONS", "/t/items/1"],
    ["a trailing slash (Next redirects it)", "GET", "/t/items/1/"],
    ["an empty segment", "GET", "/t//items"],
    ["a path no route has", "GET", "/elsewhere"],
    ["a path that does not percent-decode", "GET", "/t/items/%zz"],
  ])("leaves %s to Next: %s %s", async (_why, method, pathname) => {
    const reply = await send(method, pathname);
    expect(reply.status).toBe(200);
    if (method !== "HEAD") expect(reply.body).toBe("next");
  });
});

describe("answering", () => {
  it("writes a JSON answer with its length and the security headers Next's config adds", async () => {
    const reply = await send("GET", "/t/items/7");
    expect(reply.headers["content-length"]).toBe(String(Buffer.byteLength(reply.body)));
    expect(reply.headers["x-content-type-options"]).toBe("nosniff");
    expect(reply.headers["content-security-policy"]).toBeTruthy();
  });

  it("reads a body sent in pieces", async () => {
    const reply = await send("POST", "/t/echo", { body: ['{"na', 'me":', '"ada"}'], headers: { "content-type": "application/json" } });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({ name: "ada" });
  });

  it("answers a body over the limit with 413 and keeps the connection for the next request", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const before = connections;
    const big = Array.from({ length: 8 }, () => Buffer.alloc(MAX_BODY_BYTES / 4, 0x20));
    const tooLarge = await send("POST", "/t/echo", { body: big, headers: { "content-type": "application/json" }, agent });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers["content-type"]).toBe("application/problem+json");
    // A refused method's body is never read at all: drained all the same.
    const refused = await send("POST", "/t/items/1", { body: big, agent });
    expect(refused.status).toBe(405);
    const after = await send("POST", "/t/echo", { body: '{"name":"bo"}', headers: { "content-type": "application/json" }, agent });
    expect(JSON.parse(after.body)).toEqual({ name: "bo" });
    expect(connections - before).toBe(1);
    agent.destroy();
  });

  it("answers a handler's crash with an opaque 500 problem+json", async () => {
    const reply = await send("GET", "/t/throws");
    expect(reply.status).toBe(500);
    expect(reply.headers["content-type"]).toBe("application/problem+json");
    expect(reply.body).not.toContain("secret detail");
  });

  it("answers a body that fails before its first chunk with a 500 that keeps none of its headers", async () => {
    const reply = await send("GET", "/t/fails-at-once");
    expect(reply.status).toBe(500);
    expect(reply.headers["content-type"]).toBe("application/problem+json");
    expect(reply.headers["content-disposition"]).toBeUndefined();
    expect(reply.headers["x-content-type-options"]).toBe("nosniff");
    expect(reply.body).not.toContain("database gone");
  });

  it("sends every Set-Cookie header apart", async () => {
    expect((await send("GET", "/t/cookies")).headers["set-cookie"]).toEqual(["a=1", "b=2"]);
  });

  it.each(["identity", "gzip"])("streams a long body as the client reads it (%s), and cancels it when the client goes away", async (encoding) => {
    const before = cancelledStreams;
    const received = await new Promise<number>((resolve, reject) => {
      const request = http.get(`${base}/t/stream`, { headers: { "accept-encoding": encoding } }, (response) => {
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
  });
});

describe("compression", () => {
  const gzip = { "accept-encoding": "br, gzip;q=0.8" };

  it("gzips JSON of 1 KiB or more for a client that accepts it", async () => {
    const plain = await send("GET", "/t/big");
    const zipped = await send("GET", "/t/big", { headers: gzip });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    expect(zipped.headers.vary).toMatch(/Accept-Encoding/);
    expect(Number(zipped.headers["content-length"])).toBe(zipped.raw.length);
    expect(zipped.raw.length).toBeLessThan(plain.raw.length / 2);
    expect(gunzipSync(zipped.raw).toString()).toBe(plain.body);
  });

  it("leaves small answers, and clients that refuse gzip, uncompressed", async () => {
    expect((await send("GET", "/t/items/1", { headers: gzip })).headers["content-encoding"]).toBeUndefined();
    expect((await send("GET", "/t/big", { headers: { "accept-encoding": "gzip;q=0, identity" } })).headers["content-encoding"]).toBeUndefined();
  });

  it("gzips a streamed text body as it goes", async () => {
    const reply = await send("GET", "/t/lines", { headers: gzip });
    expect(reply.headers["content-encoding"]).toBe("gzip");
    const text = gunzipSync(reply.raw).toString();
    expect(text.split("\n")).toHaveLength(301);
    expect(text).toContain("line 299\n");
  });

  it.each([
    ["gzip", true],
    ["deflate, GZIP", true],
    ["gzip;q=0.001", true],
    ["gzip;q=0", false],
    ["gzip ; q=0.0", false],
    ["x-gzip2, br", false],
    ["", false],
  ])("reads Accept-Encoding %j as %s", (header, accepted) => {
    expect(acceptsGzip(header)).toBe(accepted);
  });
});

describe("the app's own routes", () => {
  it("answers a path below /api that no route has from the catch-all: the app's 404 problem+json", async () => {
    const reply = await send("GET", "/api/admin/nothing-here");
    expect(reply.status).toBe(404);
    expect(JSON.parse(reply.body)).toMatchObject({ status: 404, detail: "No API endpoint at /api/admin/nothing-here." });
  });

  it("refuses /api/auth/me without a token, as the contract says", async () => {
    const reply = await send("GET", "/api/auth/me");
    expect(reply.status).toBe(401);
    expect(reply.headers["content-type"]).toBe("application/problem+json");
    expect(reply.headers["x-request-id"]).toBeTruthy();
  });
});
