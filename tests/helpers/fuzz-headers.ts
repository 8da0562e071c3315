import fc from "fast-check";
import { expandBig, hostileString, toHeaderValue } from "./fuzz-strings";

/**
 * Hostile request headers. Values that need run-time data are placeholders, replaced when the
 * request is sent (fillPlaceholders): {fresh} a client IP no other request uses, {staff} and
 * {member} real access tokens, {victim}, {deleted} and {self} real user ids, {big:…} long text.
 */

export type Placeholders = Record<"fresh" | "staff" | "member" | "victim" | "deleted" | "self", () => string>;

export function fillPlaceholders(text: string, values: Placeholders): string {
  return expandBig(text)
    .replace(/\{mutated:(\d+)\}/g, (_, at: string) => mutate(values.staff(), Number(at)))
    .replace(/\{(fresh|staff|member|victim|deleted|self)\}/g, (_, key: keyof Placeholders) => values[key]());
}

/** The token with one base64url character changed (so its header, claims or signature no longer match). */
function mutate(token: string, at: number): string {
  const i = at % token.length;
  return token.slice(0, i) + (token[i] === "A" ? "B" : "A") + token.slice(i + 1);
}

const garbage = hostileString.map(toHeaderValue);

/** Authorization: valid staff/member tokens, none, and every broken shape we can think of. */
export function authorization(staffWeight: number): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    { weight: staffWeight, arbitrary: fc.constantFrom("Bearer {staff}", "bearer {staff}", "BEARER   {staff}  ") },
    { weight: 2, arbitrary: fc.constant("Bearer {member}") },
    { weight: 2, arbitrary: fc.constant(undefined) },
    {
      weight: 4,
      arbitrary: fc.oneof(
        fc.constantFrom(
          "Bearer",
          "Bearer ",
          "Bearer  .",
          "Basic YWRtaW46YWRtaW4=",
          "Token {staff}",
          "Bearer {staff}.x",
          "Bearer x{staff}",
          "Bearer {staff} {staff}",
          "Bearer {staff},Bearer {member}",
          "Bearer eyJhbGciOiJub25lIn0.e30.",
          "Bearer ..",
          "Bearer a.b.c.d.e.f.g",
        ),
        garbage,
        garbage.map((junk) => `Bearer ${junk}`),
        fc.base64String({ maxLength: 200 }).map((b) => `Bearer ${b}`),
        fc.integer({ min: 4090, max: 70_000 }).map((n) => `Bearer {big:x:${n}}`),
        // A real token with one character changed (the signature no longer matches).
        fc.nat({ max: 400 }).map((at) => `Bearer {mutated:${at}}`),
      ),
    },
  );
}

/** Content-Type: the right one in many spellings, wrong ones, none, and junk. */
export const contentType: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 6, arbitrary: fc.constant(undefined) }, // the helper's application/json
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      "application/json; charset=utf-8",
      "APPLICATION/JSON",
      " application/json ",
      "application/problem+json",
      "application/vnd.api+json",
      "application/json;charset=utf-16",
      "application/json, text/plain",
      "application/jsonx",
      "text/json",
      "text/plain",
      "text/html",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "application/xml",
      "application/json\t;q=1",
      "*/*",
      "",
      "application/",
      "/json",
      ";",
      "application/+json",
    ),
  },
  { weight: 1, arbitrary: garbage },
);

/** X-Forwarded-For: mostly a fresh address first (so limits stay per request), then junk. */
export const forwardedFor: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom("{fresh}", "{fresh}, 10.0.0.1", "  {fresh} ,  ,garbage") },
  { weight: 1, arbitrary: fc.constant(undefined) },
  {
    weight: 3,
    arbitrary: fc.oneof(
      fc.ipV6().map((ip) => `${ip}, {fresh}`),
      fc.ipV4().map((ip) => `${ip}:443`),
      fc.constantFrom(
        "",
        ",",
        " , , ",
        "unknown",
        "::ffff:{fresh}",
        "[::1]:80",
        "{fresh}%eth0",
        "300.1.2.3",
        "1.2.3.4 5.6.7.8",
        "_",
        "%",
      ),
      fc
        .integer({ min: 50, max: 2000 })
        .map((n) => Array.from({ length: n }, (_, i) => `10.0.${i % 256}.${i % 200}`).join(", ")),
      garbage,
    ),
  },
);

/** Any other header a client could add. */
export const extraHeaders: fc.Arbitrary<Record<string, string>> = fc.record(
  {
    "x-real-ip": garbage,
    "x-request-id": fc.oneof(garbage, fc.constant("a".repeat(65)), fc.constant("../../etc")),
    "content-length": fc.constantFrom("99999999", "-1", "abc", "0", "1e9", "65537"),
    accept: fc.constantFrom("text/html", "*/*", "application/xml", ""),
    cookie: fc.constantFrom("authjs.session-token=garbage", "__proto__=1", ""),
  },
  { requiredKeys: [] },
);

/** The headers of one request, without undefined entries. */
export function requestHeaders(staffWeight: number, withBody: boolean): fc.Arbitrary<Record<string, string>> {
  return fc
    .record({
      authorization: authorization(staffWeight),
      "content-type": withBody ? contentType : fc.constant(undefined),
      "x-forwarded-for": forwardedFor,
      extra: fc.option(extraHeaders, { freq: 4, nil: undefined }),
    })
    .map(({ extra, ...headers }) => {
      const out: Record<string, string> = { ...extra };
      for (const [key, value] of Object.entries(headers)) if (value !== undefined) out[key] = value;
      return out;
    });
}
