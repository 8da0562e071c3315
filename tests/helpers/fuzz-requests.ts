import fc from "fast-check";
import { requestHeaders } from "./fuzz-headers";
import { hostileBody, hostileString } from "./fuzz-strings";

/**
 * Hostile requests, route by route. Placeholders such as {victim} or {staff} are
 * filled in when sent (tests/helpers/fuzz-headers.ts). GET requests never carry a body.
 */

export type FuzzRequest = { method: string; path: string; body?: string; headers: Record<string, string> };

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
const among = (...values: unknown[]) => fc.constantFrom(...values);

/** Mostly the route's own method(s), sometimes another (→ 405). */
const methodOf = (own: readonly string[]) =>
  fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...own) }, { weight: 1, arbitrary: fc.constantFrom(...METHODS) });

const password = among(
  "green-meadow-9-lamp",
  "password",
  "12345678",
  "x".repeat(129),
  "ada_lovelace",
  "",
  " ".repeat(8),
);
const email = among(
  "nobody@example.com",
  "NOBODY@EXAMPLE.COM",
  "a@b",
  "a@@b.c",
  "a@example.com\u0000",
  '"a b"@example.com',
  "a%@example.com",
  "a_@example.com",
  "x@xn--80ak6aa92e.com",
  "ａ@example.com",
  `${"a".repeat(250)}@example.com`,
);
const phone = among(
  "+14155552671",
  "(415) 555-2671",
  "+1 415 555 2671 ext. 5",
  "+999",
  "000",
  "+44 20 7946 0958",
  "+1415555267１",
  "+1\u202e4155552671",
);
const username = among("ada_l", "ADA_L", "ab", "x".repeat(33), "ada lovelace", "ａｄａ", "ada\u200d", "staff_0001");
const flag = among(true, false, "true", "false", 1, 0, null, "yes");

/** Plausible values per field name, so that inputs also get past the first checks. */
const PLAUSIBLE: Record<string, fc.Arbitrary<unknown>> = {
  username,
  phoneNumber: phone,
  email,
  password,
  newPassword: password,
  identifier: fc.oneof(username, phone),
  otp: among("123456", "000000", " 123456 ", "12345", "1234567", "１２３４５６", "12345\u0000", 123456),
  isActive: flag,
  isStaff: flag,
  action: among("activate", "deactivate", "delete", "restore", "DELETE", "drop", "__proto__", ""),
  ids: fc.array(fc.oneof(among("{victim}", "{deleted}", "{self}", "", "x".repeat(65)), hostileString), {
    maxLength: 6,
  }),
};
const plausibleFor = (fields: readonly string[]) =>
  fc.oneof(...fields.map((field) => PLAUSIBLE[field] ?? hostileString));

function bodyRoute(path: string, fields: readonly string[], staffWeight: number): fc.Arbitrary<FuzzRequest> {
  return fc
    .tuple(methodOf(["POST"]), hostileBody(fields, plausibleFor(fields)), requestHeaders(staffWeight, true))
    .map(([method, body, headers]) => ({ method, path, headers, ...(method === "GET" ? {} : { body }) }));
}

export const AUTH_BODIES: Record<string, readonly string[]> = {
  "/api/auth/register": ["username", "phoneNumber", "email", "password"],
  "/api/auth/login": ["identifier", "password"],
  "/api/auth/forgot-password": ["email"],
  "/api/auth/reset-password": ["email", "otp", "newPassword"],
};

/** The four public auth endpoints with hostile bodies and headers. */
export const authRequest: fc.Arbitrary<FuzzRequest> = fc.oneof(
  ...Object.entries(AUTH_BODIES).map(([path, fields]) => bodyRoute(path, fields, 1)),
);

const DATES = [
  "2024-05-31",
  "2024-02-30",
  "2024-13-01",
  "0000-01-01",
  "0001-01-01",
  "9999-12-31",
  "10000-01-01",
  "2024-05-31T12:00:00Z",
  "2024-05-31T12:00:00+14:00",
  "2024-05-31T25:00:00Z",
  "0000-01-01T00:00:00+01:00",
  "9999-12-31T23:59:59-12:00",
  "2024-05-31T12:00:00.123456789Z",
  "-000001-01-01",
  "+275760-09-13",
  "2024-05-31 12:00",
  "yesterday",
  "",
];
const queryValue = (valid: fc.Arbitrary<string>) =>
  fc.oneof({ weight: 3, arbitrary: valid }, { weight: 2, arbitrary: hostileString });
const date = queryValue(
  fc.oneof(
    fc.constantFrom(...DATES),
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  ),
);
const bool = queryValue(fc.constantFrom("true", "false", "TRUE", "1", "yes", ""));
const int = queryValue(
  fc.constantFrom(
    "1",
    "2",
    "0",
    "-1",
    "1.5",
    "1e3",
    "99999999999",
    "100000000",
    "100000001",
    "abc",
    "٣",
    "0x10",
    " 2",
    "",
    "100",
    "101",
  ),
);

/** Every listing/export query parameter, valid or hostile, plus unknown and repeated ones. */
export const adminQuery: fc.Arbitrary<string> = fc
  .tuple(
    fc.record(
      {
        q: queryValue(fc.constantFrom("ada", "%", "_", "%_%", "5552671", "+1", "@example", "\\", "staff", "")),
        isActive: bool,
        isStaff: bool,
        mfaEnabled: bool,
        deleted: queryValue(fc.constantFrom("exclude", "include", "only", "all", "INCLUDE", "")),
        joinedFrom: date,
        joinedTo: date,
        sort: queryValue(
          fc.constantFrom(
            "dateJoined",
            "-dateJoined",
            "username",
            "-username",
            "password",
            "-passwordHash",
            "id;DROP",
            "",
          ),
        ),
        page: int,
        pageSize: int,
      },
      { requiredKeys: [] },
    ),
    fc.array(fc.tuple(hostileString, hostileString), { maxLength: 2 }),
    fc.constantFrom("", "", "", "&q=a&q=%", "&%zz=%", "&q=%ED%A0%80", "&page=1&page=0", "&=&&", "&q", "&q=%00"),
  )
  .map(
    ([known, extra, raw]) =>
      `${new URLSearchParams([...Object.entries(known), ...extra].map(([k, v]) => [wellFormed(k), wellFormed(v)]))}${raw}`,
  );

export const adminListRequest: fc.Arbitrary<FuzzRequest> = fc
  .tuple(
    fc.constantFrom("/api/admin/users", "/api/admin/users/export"),
    methodOf(["GET"]),
    adminQuery,
    requestHeaders(8, false),
  )
  .map(([path, method, query, headers]) => ({
    method,
    path: `${path}?${query}`,
    headers,
    ...(method === "GET" ? {} : { body: "{}" }),
  }));

const userId = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom("{victim}", "{deleted}", "{self}") },
  { weight: 1, arbitrary: fc.stringMatching(/^c[a-z0-9]{24}$/) },
  { weight: 3, arbitrary: hostileString.filter((s) => s.length > 0) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "%",
      "_",
      "a/b",
      "a?b",
      "a#b",
      "x".repeat(300),
      "{victim}\u0000",
      "{victim} ",
      "{victim}'--",
    ),
  },
);

const PATCH_FIELDS = ["email", "phoneNumber", "isActive", "isStaff"] as const;
// Addresses of their own: a user given one of the forgot-password addresses above would make
// that endpoint write a reset code (and mail it later) in the middle of the DB comparisons.
const patchValue = fc.oneof(
  among("patched@seeded.example.org", "VICTIM@SEEDED.EXAMPLE.ORG", "", null, "not-an-email", "a@b"),
  phone,
  flag,
);

/** /api/admin/users/{id}, /restore and /bulk with hostile ids, bodies and tokens. */
export const adminMutationRequest: fc.Arbitrary<FuzzRequest> = fc.oneof(
  fc
    .tuple(
      userId,
      fc.boolean(),
      methodOf(["GET", "PATCH", "DELETE"]),
      hostileBody(PATCH_FIELDS, patchValue),
      requestHeaders(8, true),
    )
    .map(([id, restore, method, body, headers]) => ({
      method: restore ? (method === "PATCH" ? "POST" : method) : method,
      path: `/api/admin/users/${encodeURIComponent(wellFormed(id))}${restore ? "/restore" : ""}`,
      headers,
      ...(method === "GET" ? {} : { body }),
    })),
  bodyRoute("/api/admin/users/bulk", ["ids", "action"], 8),
);

/** Every route, with the headers as the main attack; also the catch-all and the OpenAPI document. */
export const anyRouteRequest: fc.Arbitrary<FuzzRequest> = fc.oneof(
  authRequest,
  fc
    .tuple(
      fc.constantFrom("/api/auth/me", "/api/health", "/api/openapi.json"),
      methodOf(["GET"]),
      requestHeaders(3, true),
      hostileBody(["x"]),
    )
    .map(([path, method, headers, body]) => ({ method, path, headers, ...(method === "GET" ? {} : { body }) })),
  adminListRequest,
  adminMutationRequest,
  fc
    .tuple(
      fc.array(
        hostileString.map((s) => encodeURIComponent(wellFormed(s))),
        { minLength: 1, maxLength: 4 },
      ),
      fc.constantFrom(...METHODS),
      requestHeaders(2, false),
    )
    .map(([segments, method, headers]) => ({ method, path: `/api/nope/${segments.join("/")}`, headers })),
);

/** Lone surrogates cannot be percent-encoded: a client's encoder sends U+FFFD in their place. */
export function wellFormed(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
}
