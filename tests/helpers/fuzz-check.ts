/**
 * The pass criteria of every fuzzed /api response, as a pure function so that the
 * vitest fuzz and the e2e fuzz judge alike: no 5xx; every non-2xx a 4xx problem+json whose body
 * repeats the status; nothing in any body that looks like a leak.
 */

export type Observed = { status: number; contentType: string | null; retryAfter?: string | null; text: string };

/** Leak signs. One the request itself contained (e.g. echoed as a field name) is not held against it. */
const LEAKS: Array<[string, RegExp]> = [
  ["stack trace", /\n\s*at \S[^\n]*:\d+:\d+|\((?:file:\/\/)?\/[^)\s]*\.(?:ts|tsx|js|mjs|cjs):\d+:\d+\)|node_modules\//],
  ["prisma", /prisma/i],
  ["SQL", /\bSELECT\b/], // upper case: "Select at least one user." is a message of ours
  ["passwordHash", /passwordHash/i],
  ["Error: at line start", /^Error:/m],
  [
    "database message",
    /invalid byte sequence|syntax error at or near|violates [a-z ]*constraint|relation "|column "|\bP20\d\d\b/i,
  ],
];

export function leaksOf(text: string, sentText: string): string[] {
  return LEAKS.filter(([, pattern]) => pattern.test(text) && !pattern.test(sentText)).map(([name]) => `leak (${name})`);
}

export function problemsOf(observed: Observed, sentText: string): string[] {
  const { status, contentType, text } = observed;
  const problems = leaksOf(text, sentText);
  if (status >= 500) problems.push(`status ${status}`);
  if (status < 300) return problems;
  if (status < 400 || status > 499) problems.push(`non-2xx status ${status} is not a 4xx`);
  if (contentType !== "application/problem+json") problems.push(`content-type ${contentType}`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return [...problems, "body is not JSON"];
  }
  const { type, title, status: bodyStatus } = (body ?? {}) as Record<string, unknown>;
  if (typeof type !== "string" || type === "") problems.push("no type");
  if (typeof title !== "string" || title === "") problems.push("no title");
  if (bodyStatus !== status) problems.push(`body status ${String(bodyStatus)} ≠ ${status}`);
  if (status === 429 && !/^\d+$/.test(observed.retryAfter ?? "")) problems.push("429 without Retry-After");
  return problems;
}

/** One line that lets a failure be replayed by hand. */
export function describeRequest(method: string, path: string, headers: Record<string, string>, body?: string): string {
  const shown = (text: string) => (text.length > 300 ? `${text.slice(0, 300)}…(${text.length} chars)` : text);
  return `${method} ${shown(path)} ${shown(JSON.stringify(headers))} ${body === undefined ? "" : shown(JSON.stringify(body))}`;
}
