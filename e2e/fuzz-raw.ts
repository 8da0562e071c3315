import fc from "fast-check";
import { anyRouteRequest, type FuzzRequest } from "../tests/helpers/fuzz-requests";
import { hostileString, toHeaderValue } from "../tests/helpers/fuzz-strings";

/**
 * Hostile raw HTTP requests for e2e/fuzz-http.spec.ts: every request of the integration fuzz
 * (tests/helpers/fuzz-requests.ts), plus what only a real server sees: methods Next handles
 * itself, odd and undecodable paths, big headers, and a Content-Length that lies (the client
 * sends the true one: a lying length cannot be sent through it, only asked for).
 */

const ODD_METHODS = [
  "HEAD",
  "OPTIONS",
  "TRACE",
  "PROPFIND",
  "PURGE",
  "SEARCH",
  "LOCK",
  "MKCOL",
  "REPORT",
  "M-SEARCH",
  "NOTIFY",
  "LINK",
  "QUERY",
] as const;

const ODD_SEGMENTS = [
  "%",
  "%zz",
  "%FF",
  "%ED%A0%80",
  "%C0%AE",
  "%00",
  "..",
  ".",
  ";",
  "..;",
  "",
  "%2e%2e",
  "%2F",
  "~",
  "*",
  "%252e",
  "a b",
  "\u202e",
  "ａｐｉ",
  "%E2%80%AE",
  "x".repeat(2000),
];
const ROUTES = [
  "/api/auth/login",
  "/api/auth/me",
  "/api/health",
  "/api/admin/users",
  "/api/admin/users/export",
  "/api/admin/users/{victim}",
  "/api/openapi.json",
];

/** Paths under /api that no client library would build on purpose. */
const oddPath = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(...ROUTES),
      fc.array(fc.constantFrom(...ODD_SEGMENTS), { minLength: 1, maxLength: 3 }),
      fc.boolean(),
    )
    .map(([route, segments, before]) =>
      before ? `/api/${segments.join("/")}${route.slice(4)}` : `${route}/${segments.join("/")}`,
    ),
  fc.constantFrom(
    "/api/",
    "/api//auth//login",
    "/api/auth/login/",
    "/api/auth/%6c%6fgin",
    "/api/health%zz",
    "/api/health?%zz=%",
    "/api/auth/login;x=1",
    "/api/admin/users/%zz/restore",
  ),
  fc
    .array(
      hostileString.map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, "\ufffd"))),
      { minLength: 1, maxLength: 3 },
    )
    .map((parts) => `/api/${parts.join("/")}`),
);

/** Fits in Node's 16 KiB header limit with everything else a request carries. */
const bigHeader = fc
  .tuple(
    fc.constantFrom("x-padding", "cookie", "authorization", "x-forwarded-for", "accept-language"),
    fc.integer({ min: 2_000, max: 10_000 }),
  )
  .map(
    ([name, size]) =>
      [
        name,
        name === "x-forwarded-for"
          ? Array.from({ length: size / 12 }, (_, i) => `10.1.${i % 250}.${i % 200}`).join(",")
          : "a".repeat(size),
      ] as const,
  );

export const rawRequest: fc.Arbitrary<FuzzRequest> = fc.oneof(
  { weight: 6, arbitrary: anyRouteRequest },
  {
    weight: 2,
    arbitrary: fc.tuple(anyRouteRequest, fc.constantFrom(...ODD_METHODS)).map(([r, method]) => ({ ...r, method })),
  },
  { weight: 2, arbitrary: fc.tuple(anyRouteRequest, oddPath).map(([r, path]) => ({ ...r, path })) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(anyRouteRequest, bigHeader)
      .map(([r, [name, value]]) => ({ ...r, headers: { ...r.headers, [name]: value } })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(anyRouteRequest, fc.constantFrom("0", "1", "99999999", "-1", "abc", "1, 2"))
      .map(([r, length]) => ({
        ...r,
        method: r.method === "GET" ? "POST" : r.method,
        body: r.body ?? "{}",
        headers: { ...r.headers, "content-length": length },
      })),
  },
);

/**
 * What Node's HTTP client can put on the wire, within Node's 16 KiB limit for the request line
 * and headers together: latin-1 header text without control characters, at most 9 KiB of header
 * values, a URL of at most 6 KiB. (Past the limit Node itself answers 431, before the app.)
 */
export function toWire(request: FuzzRequest): FuzzRequest {
  let budget = 9 * 1024;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    // Without a body the client sends the header as given, and Node's parser answers a bad one
    // (an empty 400, before any app code); with a body the client sends the true length.
    if (name === "content-length" && request.body === undefined) continue;
    const clean = toHeaderValue(value)
      .replace(/[\x00-\x08\x0a-\x1f\x7f]/g, "")
      .slice(0, Math.max(0, budget));
    budget -= clean.length + name.length + 4;
    headers[name] = clean;
  }
  return { ...request, path: request.path.slice(0, 6 * 1024), headers };
}
