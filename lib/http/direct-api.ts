import type http from "node:http";
import type { Writable } from "node:stream";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { logger } from "@/lib/log";
import { problem, problemResponse } from "@/lib/http/problem";
import { securityHeaders } from "@/lib/http/security-headers";

/**
 * Serves /api route handlers straight from Node's request event, without Next's request
 * pipeline. The handlers are the same functions Next would call (app/api/routes.ts lists their
 * modules); only the way a request reaches them changes. Why: Next's pipeline costs more CPU per
 * request than our handlers do (1.3 ms of 1.9 ms for GET /api/auth/me, 1.6 of 3.2 ms for a staff
 * search, `bench/cpu-per-request.ts`), and the API's throughput targets sit on that figure.
 *
 * Whatever this cannot serve exactly as Next would falls through to Next (returns false): a
 * method the route does not export (HEAD, OPTIONS), a path with an empty segment (Next
 * redirects "/api/x/" to "/api/x"), a Host header no URL can be built from.
 */

type Handler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Response | Promise<Response>;
export type RouteModule = { [method: string]: unknown };
/** A route as Next's file system names it: "/api/admin/users/[id]", "/api/[...path]". */
export type ApiRoute = { path: string; module: RouteModule };

type Segment = { name: string; kind: "static" | "param" | "catchAll" };
type CompiledRoute = { segments: Segment[]; module: RouteModule };
type Match = { module: RouteModule; params: Record<string, string | string[]> };

export type ApiDispatcher = (req: http.IncomingMessage, res: http.ServerResponse) => boolean;

export function apiDispatcher(routes: ApiRoute[]): ApiDispatcher {
  const compiled = routes.map(compile).sort(byPrecedence);
  // The headers next.config.ts adds to every response.
  const baseHeaders = securityHeaders(process.env.NODE_ENV !== "production");
  return (req, res) => {
    const url = req.url ?? "/";
    const match = matchRoute(compiled, url.split("?", 1)[0]);
    const handler = match?.module[req.method ?? ""];
    if (!match || typeof handler !== "function") return false;
    let request: Request;
    try {
      request = toRequest(req, url);
    } catch {
      return false; // e.g. a Host header no URL can be built from: Next answers that one
    }
    void respond(req, res, baseHeaders, () => (handler as Handler)(request, { params: Promise.resolve(match.params) }));
    return true;
  };
}

function compile({ path, module }: ApiRoute): CompiledRoute {
  const segments = path.split("/").slice(1).map((name): Segment => {
    if (name.startsWith("[...")) return { name: name.slice(4, -1), kind: "catchAll" };
    if (name.startsWith("[")) return { name: name.slice(1, -1), kind: "param" };
    return { name, kind: "static" };
  });
  return { segments, module };
}

/** As in Next, segment by segment: a static segment wins over a parameter, a parameter over a catch-all. */
const RANK = { static: 0, param: 1, catchAll: 2 } as const;
function byPrecedence(a: CompiledRoute, b: CompiledRoute): number {
  for (let i = 0; i < Math.min(a.segments.length, b.segments.length); i++) {
    const difference = RANK[a.segments[i].kind] - RANK[b.segments[i].kind];
    if (difference !== 0) return difference;
  }
  return 0;
}

function matchRoute(routes: CompiledRoute[], pathname: string): Match | undefined {
  const raw = pathname.split("/").slice(1);
  if (raw.some((part) => part === "")) return undefined;
  let parts: string[];
  try {
    parts = raw.map((part) => decodeURIComponent(part));
  } catch {
    return undefined;
  }
  for (const route of routes) {
    const params = matchSegments(route.segments, parts);
    if (params) return { module: route.module, params };
  }
  return undefined;
}

function matchSegments(segments: Segment[], parts: string[]): Match["params"] | undefined {
  const params: Match["params"] = {};
  for (let i = 0; i < segments.length; i++) {
    const { name, kind } = segments[i];
    if (kind === "catchAll") {
      if (i >= parts.length) return undefined;
      params[name] = parts.slice(i);
      return params;
    }
    if (i >= parts.length) return undefined;
    if (kind === "param") params[name] = parts[i];
    else if (name !== parts[i]) return undefined;
  }
  return segments.length === parts.length ? params : undefined;
}

function toRequest(req: http.IncomingMessage, url: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(name, value);
    else if (value) for (const each of value) headers.append(name, each);
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(`http://${req.headers.host ?? "localhost"}${url}`, {
    method: req.method,
    headers,
    ...(hasBody ? { body: bodyStream(req), duplex: "half" } : {}),
  } as RequestInit);
}

/**
 * The request body as a web stream that reads only when asked. A handler that stops early
 * (a body over the size limit) cancels it: the rest is then read and dropped, so the answer
 * still reaches the client and the connection stays usable (Readable.toWeb would destroy the socket).
 */
function bodyStream(req: http.IncomingMessage): ReadableStream<Uint8Array> {
  let open = true;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        req.pause();
        req.on("data", (chunk: Buffer) => {
          if (!open) return;
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) req.pause();
        });
        req.on("end", () => open && ((open = false), controller.close()));
        req.on("error", (error) => open && ((open = false), controller.error(error)));
      },
      pull() {
        req.resume();
      },
      cancel() {
        open = false;
        req.resume();
      },
    },
    { highWaterMark: 1 },
  );
}

type BaseHeaders = ReadonlyArray<{ key: string; value: string }>;

async function respond(req: http.IncomingMessage, res: http.ServerResponse, base: BaseHeaders, handle: () => Response | Promise<Response>): Promise<void> {
  try {
    await send(await handle(), req, res, base);
  } catch (err) {
    // Our handlers turn their own failures into problem+json (lib/http/route.ts); this is the
    // last guard, as Next's own would be: never a stack trace to the client.
    logger.error({ err, method: req.method, path: req.url?.split("?", 1)[0] }, "unhandled error in an /api handler");
    if (res.headersSent) res.destroy();
    else await send(problemResponse(problem(500, { detail: "The server failed to answer." })), req, res, base);
  } finally {
    // A body the handler never read is drained, so the connection can carry the next request.
    if (!req.readableEnded) {
      req.removeAllListeners("data");
      req.resume();
    }
  }
}

/**
 * Writes `response` to `res`. A body of one chunk (every JSON answer) is written with a
 * Content-Length; a longer one (the CSV export) is streamed as the client takes it, and
 * cancelled if the client goes away. Text of 1 KiB or more is gzipped for clients that accept
 * it, as Next's own compression did. Headers start afresh: a body that fails before its first
 * chunk is answered with a 500 that keeps none of the failed response's headers.
 */
async function send(response: Response, req: http.IncomingMessage, res: http.ServerResponse, base: BaseHeaders): Promise<void> {
  for (const name of res.getHeaderNames()) res.removeHeader(name);
  for (const { key, value } of base) res.setHeader(key, value);
  res.statusCode = response.status;
  const cookies = response.headers.getSetCookie();
  response.headers.forEach((value, name) => name !== "set-cookie" && res.setHeader(name, value));
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  const compressible = isCompressible(res);
  if (compressible) res.appendHeader("vary", "Accept-Encoding");
  const gzip = compressible && acceptsGzip(req.headers["accept-encoding"]);
  const body = response.body;
  if (!body) return void res.end();
  const reader = body.getReader();
  const first = await reader.read();
  if (first.done) return void res.end();
  const second = await reader.read();
  if (second.done) {
    if (!gzip || first.value.byteLength < COMPRESS_MIN_BYTES) return void res.end(first.value);
    res.setHeader("content-encoding", "gzip");
    return void res.end(await gzipAsync(first.value));
  }
  if (gzip) res.setHeader("content-encoding", "gzip");
  const sink: Writable = gzip ? zlib.createGzip() : res;
  if (sink !== res) sink.pipe(res);
  let gone = false;
  const onClose = () => {
    gone = true;
    if (sink !== res) sink.destroy();
    void reader.cancel().catch(() => {});
  };
  res.once("close", onClose);
  try {
    sink.write(first.value);
    for (let chunk: ReadableStreamReadResult<Uint8Array> = second; !chunk.done && !gone; chunk = await reader.read()) {
      if (!sink.write(chunk.value)) await drained(sink, res);
    }
    if (!gone) sink.end();
  } finally {
    res.off("close", onClose);
  }
}

const COMPRESS_MIN_BYTES = 1024;
const gzipAsync = promisify(zlib.gzip);

function isCompressible(res: http.ServerResponse): boolean {
  const type = String(res.getHeader("content-type") ?? "");
  return !res.hasHeader("content-encoding") && /^(application\/([\w.+-]*\+)?json|text\/)/i.test(type);
}

/** Whether an Accept-Encoding header accepts gzip ("gzip", "gzip;q=0.5"; not "gzip;q=0"). */
export function acceptsGzip(header: string | undefined): boolean {
  return (header ?? "").split(",").some((part) => {
    const [coding, ...parameters] = part.split(";").map((piece) => piece.trim().toLowerCase());
    const q = parameters.find((parameter) => parameter.startsWith("q="));
    return coding === "gzip" && (q === undefined || Number(q.slice(2)) > 0);
  });
}

/** Resolves when `sink` can take more, or when the client has gone. */
function drained(sink: Writable, res: http.ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      sink.off("drain", done);
      res.off("close", done);
      resolve();
    };
    sink.on("drain", done);
    res.on("close", done);
  });
}
