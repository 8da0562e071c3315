import { freshIp, type TestApp } from "./app";
import { describeRequest, problemsOf } from "./fuzz-check";
import { fillPlaceholders, type Placeholders } from "./fuzz-headers";
import type { FuzzRequest } from "./fuzz-requests";
import { toHeaderValue } from "./fuzz-strings";

/** Sends fuzzed requests to the real API app (tests/helpers/app.ts) and judges each answer (fuzz-check.ts). */

export type Outcome = { request: FuzzRequest; status: number; text: string };

export async function sendChecked(app: TestApp, fuzzed: FuzzRequest, values: Placeholders): Promise<Outcome> {
  const fill = (text: string) => fillPlaceholders(text, values);
  const request: FuzzRequest = {
    method: fuzzed.method,
    path: fill(fuzzed.path),
    headers: Object.fromEntries(
      Object.entries(fuzzed.headers).map(([key, value]) => [key, toHeaderValue(fill(value))]),
    ),
    ...(fuzzed.body === undefined ? {} : { body: fill(fuzzed.body) }),
  };
  const response = await app.call(request.method, request.path, {
    body: request.body,
    headers: request.headers,
    ip: freshIp(),
  });
  const text = await response.text();
  const sentText = `${request.path} ${Object.values(request.headers).join(" ")} ${request.body ?? ""}`;
  const observed = {
    status: response.status,
    contentType: response.headers.get("content-type"),
    retryAfter: response.headers.get("retry-after"),
    text,
  };
  const problems = problemsOf(observed, sentText);
  if (problems.length > 0) {
    const shown = describeRequest(request.method, request.path, request.headers, request.body);
    throw new Error(
      `${problems.join("; ")}\n  request: ${shown}\n  response: ${response.status} ${text.slice(0, 600)}`,
    );
  }
  return { request, status: response.status, text };
}

/**
 * What a refused request may still write: the security record notes failed and refused attempts
 * (that is its job), with its daily counts; a session's lastSeenAt moves on as it is used; and a
 * wrong one-time code counts an attempt against the live code (before comparing, so the cap
 * holds). A user the fuzz itself signed up, with a code asked for, meets that last one.
 */
const RECORDS_OF_USE: Record<string, string | null> = {
  SecurityEvent: null,
  EventDailyCount: null,
  Session: `(t."id", t."userId", t."kind", t."tokenVersion", t."createdAt", t."expiresAt")`,
  OneTimeCode: `(t."id", t."userId", t."purpose", t."email", t."codeHash", t."expiresAt", t."usedAt", t."createdAt")`,
};

/**
 * Every table's row count and an md5 of its rows in a fixed order, in one query: equal
 * snapshots mean no row was added, removed or changed anywhere (but in the records of use above).
 */
export async function dbSnapshot(app: TestApp): Promise<Record<string, string>> {
  const tables = await app.db.$queryRaw<Array<{ name: string }>>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`;
  const columns = tables
    .filter(({ name }) => RECORDS_OF_USE[name] !== null)
    .map(({ name }) => {
      const row = RECORDS_OF_USE[name] ?? "t";
      const quoted = name.replace(/"/g, '""');
      return `(SELECT count(*) || ':' || coalesce(md5(string_agg(${row}::text, E'\\n' ORDER BY ${row}::text)), '') FROM "${quoted}" t) AS "${quoted}"`;
    });
  const [row] = await app.db.$queryRawUnsafe<Array<Record<string, string>>>(`SELECT ${columns.join(", ")}`);
  return row;
}
