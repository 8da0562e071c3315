import fc from "fast-check";

/**
 * Hostile text and JSON for the fuzz tests (tests/fuzz-api.test.ts, e2e/fuzz-http.spec.ts).
 * Nothing here imports the app: the e2e spec uses it too.
 */

/** Strings that mean something to SQL, LIKE, CSV readers, HTML, shells or file systems. */
export const INJECTIONS = [
  "' OR 1=1 --",
  '" OR ""="',
  '\'; DROP TABLE "User"; --',
  '1 UNION SELECT id, passwordHash FROM "User"',
  "%",
  "_",
  "%%",
  "a%b_c",
  "\\%\\_",
  "\\",
  "=cmd|' /C calc'!A0",
  "+SUM(1,2)",
  "-2+3",
  "@SUM(A1)",
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "javascript:alert(1)",
  "../../../../etc/passwd",
  "..\\..\\windows\\win.ini",
  "%2e%2e%2f%2e%2e%2f",
  "${jndi:ldap://x/a}",
  "{{7*7}}",
  "$(id)",
  "`id`",
  "null",
  "undefined",
  "NaN",
  "-1",
  "0",
  "1e309",
  "9".repeat(40),
  "true",
  "[]",
  "{}",
] as const;

/** Confusable, invisible, direction-changing and control characters; lone surrogates. */
export const TRICKY_CHARS = [
  "\u0000",
  "\u0001",
  "\u0007",
  "\u0008",
  "\t",
  "\n",
  "\r",
  "\u001b",
  "\u007f",
  "\u0085",
  "\u00a0",
  "\u00ad",
  "\u200b",
  "\u200c",
  "\u200d",
  "\u200e",
  "\u200f",
  "\u202a",
  "\u202e",
  "\u2066",
  "\u2069",
  "\u2028",
  "\u2029",
  "\ufeff",
  "\ufffd",
  "\uffff",
  "\ud800",
  "\udfff",
  "\udbff\udfff",
  "ａｄｍｉｎ",
  "ＡＢＣ",
  "а",
  "е",
  "о",
  "ᴀ",
  "ǅ",
  "ß",
  "İ",
  "ı",
  "K",
  "Å",
  "ﬁ",
  "①",
  "٣",
  "𝟗",
  "😀",
  "👩‍👩‍👧",
  "e\u0301",
  "\u0301",
  "中文",
  "עברית",
] as const;

/**
 * Long text is written as "{big:unit:count}" and expanded only when sent (expandBig), so that a
 * failing case fast-check prints stays readable.
 */
const BIG_UNITS = {
  x: "x",
  e: "é",
  nul: "\u0000",
  emoji: "😀",
  open: "[",
  close: "]",
  key: '{"a":',
  end: "}",
} as const;
const BIG_NAMES = ["x", "e", "nul", "emoji"] as const;

export function expandBig(text: string): string {
  return text.replace(/\{big:(\w+):(\d+)\}/g, (whole, unit: string, count: string) =>
    unit in BIG_UNITS ? BIG_UNITS[unit as keyof typeof BIG_UNITS].repeat(Number(count)) : whole,
  );
}

const tricky = fc.constantFrom(...TRICKY_CHARS);
const injection = fc.constantFrom(...INJECTIONS);

/** Any text a client could send, biased towards the hostile kinds above. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: injection },
  {
    weight: 3,
    arbitrary: fc.string({ unit: fc.oneof(tricky, fc.string({ unit: "binary-ascii", maxLength: 1 })), maxLength: 24 }),
  },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  // Valid-looking text with something hostile glued on.
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom("ada", "+14155552671", "a@example.com", "green-meadow-lamp"), tricky, injection)
      .map((parts) => parts.join("")),
  },
  // Longer than any field allows (but well under the body limit).
  {
    weight: 1,
    arbitrary: fc.tuple(fc.oneof(tricky, injection), fc.integer({ min: 30, max: 300 })).map(([s, n]) => s.repeat(n)),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...BIG_NAMES), fc.integer({ min: 300, max: 5000 }))
      .map(([unit, n]) => `{big:${unit}:${n}}`),
  },
);

/** Keys aimed at prototype pollution and mass assignment. */
export const HOSTILE_KEYS = [
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "passwordHash",
  "isStaff",
  "id",
  "tokenVersion",
  "deletedAt",
  "",
] as const;
const hostileKey = fc.oneof(
  fc.constantFrom(...HOSTILE_KEYS),
  hostileString.map((s) => s.slice(0, 40)),
);

/** Any JSON value: wrong types, nesting, huge and odd numbers, hostile strings and keys. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    hostileString,
    fc.constantFrom(null, true, false, 0, -1, 1.5, -0, 1e308, Number.MAX_SAFE_INTEGER + 2, -1e-300),
    fc.integer(),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(hostileKey, tie("value"), { maxKeys: 4 }),
  ),
})).value;

/** Fields are filled mostly with hostile values, sometimes with a plausible one. */
export function hostileObject(fields: readonly string[], plausible: fc.Arbitrary<unknown> = hostileString) {
  const entries = fields.map((field) =>
    fc.option(fc.oneof(hostileValue, plausible), { nil: undefined }).map((v) => [field, v] as const),
  );
  return fc
    .tuple(fc.tuple(...entries), fc.dictionary(hostileKey, hostileValue, { maxKeys: 2 }))
    .map(([pairs, extra]) => {
      const out: Record<string, unknown> = { ...extra };
      for (const [key, value] of pairs) if (value !== undefined) out[key] = value;
      return out;
    });
}

/** JSON text that does not parse, or parses to something other than an object. */
export const MALFORMED_JSON = [
  "",
  " ",
  "{",
  "}",
  '{"a":',
  '{"a":1,}',
  "{'a':1}",
  "{a:1}",
  "[1,2",
  '"',
  "nul",
  "NaN",
  "Infinity",
  '{"a":NaN}',
  '{"a":1e99999}',
  '{"a":"\\u00"}',
  '{"a":"\\ud800"}',
  '{"\\u0000":"\\u0000"}',
  "null",
  "true",
  "0",
  "[]",
  "[{}]",
  '"text"',
  "\ufeff{}",
  "{}{}",
  '{"a":1}garbage',
  '{"__proto__":{"isStaff":true},"constructor":{"prototype":{"isStaff":true}}}',
  "{big:open:20000}{big:close:20000}",
  "{big:key:5000}1{big:end:5000}",
] as const;

/** A body over the 64 KiB limit (JSON or not). */
export const oversizedBody = fc
  .tuple(fc.constantFrom(...BIG_NAMES), fc.integer({ min: 65 * 1024, max: 160 * 1024 }), fc.boolean())
  .map(([unit, count, asJson]) =>
    asJson ? `{"username":"{big:${unit}:${count}}","password":"x"}` : `{big:${unit}:${count}}`,
  );

/** A raw body: an object with hostile fields, malformed JSON, any JSON value, or too big. */
export function hostileBody(fields: readonly string[], plausible?: fc.Arbitrary<unknown>): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: hostileObject(fields, plausible).map((o) => JSON.stringify(o)) },
    { weight: 2, arbitrary: fc.constantFrom(...MALFORMED_JSON) },
    { weight: 1, arbitrary: hostileValue.map((v) => JSON.stringify(v) ?? "undefined") },
    { weight: 1, arbitrary: hostileString },
    { weight: 1, arbitrary: oversizedBody },
  );
}

/** What a header can carry on the wire: its text's UTF-8 bytes, minus NUL, CR and LF. */
export function toHeaderValue(text: string): string {
  return Buffer.from(text, "utf8")
    .toString("latin1")
    .replace(/[\0\r\n]/g, "")
    .trim();
}
