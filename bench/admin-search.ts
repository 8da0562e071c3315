/**
 * Staff search at scale: random 3–5 character queries through GET /api/admin/users, in classes
 * that stress different parts of the search (letters, digits, letters with digits, punctuated,
 * e-mail fragments, all cut from real rows; random letters, mostly misses), 4 at a time and then
 * one at a time, after 20 warm-up queries; latency percentiles per class. Prints EXPLAIN ANALYZE
 * of a few queries' SQL too.
 *
 *   npx tsx bench/admin.ts --only search     (seeds 1M users first unless already seeded)
 */
import http from "node:http";
import pg from "pg";
import { countSql, pageSql } from "@/lib/admin/search";
import type { Prisma } from "@/lib/generated/prisma/client";
import { userListQuerySchema } from "@/lib/validation/admin";
import type { BenchServer } from "./admin-server";

export const QUERY_CLASSES = ["letters", "digits", "mixed", "punctuated", "e-mail", "random"] as const;
export type QueryClass = (typeof QUERY_CLASSES)[number];
export type SearchQuery = { q: string; kind: QueryClass };

/** What a cut must look like to belong to its class, and which field of a row it is cut from. */
const CLASSES: Record<Exclude<QueryClass, "random">, { field: "username" | "email" | "phone"; test: RegExp }> = {
  letters: { field: "username", test: /^[a-z]+$/i },
  digits: { field: "phone", test: /^\d+$/ },
  mixed: { field: "username", test: /^(?=.*[a-z])(?=.*\d)[a-z\d]+$/i },
  punctuated: { field: "username", test: /^(?=.*[a-z\d])(?=.*[_.])[a-z\d_.]+$/i },
  "e-mail": { field: "email", test: /@|\.[a-z]/i },
};

type Latency = { p50: number; p95: number; max: number };
export type SearchResult = {
  label: string;
  queries: number;
  concurrency: number;
  all: Latency & { p99: number };
  /** Per class, at the concurrency above and one at a time. */
  classes: Record<QueryClass, { queries: number; hits: number; parallel: Latency; serial: Latency }>;
  hits: number;
  capped: number;
  estimated: number;
  /** The same queries one at a time: the latency without our own queueing. */
  serial: { p50: number; p95: number };
};

/** A small seeded PRNG (mulberry32): the same queries on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `perClass` queries of each class, shuffled, the same ones on every run for the same seed. */
export async function makeQueries(databaseUrl: string, perClass: number, seed = 42): Promise<SearchQuery[]> {
  const rand = random(seed);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client.query<{ username: string; email: string | null; phoneNumber: string }>(
    `SELECT "username", "email", "phoneNumber" FROM "User" WHERE "id" = ANY($1)`,
    [Array.from({ length: 2_000 }, () => `u${String(1 + Math.floor(rand() * 1_000_000)).padStart(8, "0")}`)],
  );
  await client.end();
  const queries: SearchQuery[] = [];
  for (const [kind, { field, test }] of Object.entries(CLASSES) as Array<[QueryClass, (typeof CLASSES)["letters"]]>) {
    for (let found = 0; found < perClass;) {
      const row = rows[Math.floor(rand() * rows.length)];
      const text = { username: row.username, email: row.email, phone: row.phoneNumber }[field];
      if (!text) continue;
      const length = 3 + Math.floor(rand() * 3);
      const start = Math.floor(rand() * (text.length - length + 1));
      const q = text.slice(start, start + length);
      if (q.length !== length || !test.test(q)) continue;
      queries.push({ q, kind });
      found++;
    }
  }
  for (let i = 0; i < perClass; i++) {
    const length = 3 + Math.floor(rand() * 3);
    queries.push({
      q: Array.from({ length }, () => "abcdefghijklmnopqrstuvwxyz"[Math.floor(rand() * 26)]).join(""),
      kind: "random",
    });
  }
  for (let i = queries.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [queries[i], queries[j]] = [queries[j], queries[i]];
  }
  return queries;
}

/** GET with the staff bearer token over `agent`: the benchmarks' one HTTP client. */
export function get(url: string, token: string, agent: http.Agent): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent, headers: { authorization: `Bearer ${token}` } }, (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (text += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, text }));
      response.on("error", reject);
    });
    request.on("error", reject);
  });
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const latency = (ms: number[]): Latency => {
  const sorted = [...ms].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted[sorted.length - 1] };
};

export async function runSearch(
  server: BenchServer,
  token: string,
  queries: SearchQuery[],
  warmup: SearchQuery[],
  options: { concurrency?: number } = {},
): Promise<SearchResult> {
  const concurrency = options.concurrency ?? 4;
  // node:http over kept-alive sockets, not fetch: on two shared cores the load generator's own CPU
  // is taken from the server (fetch used ~1.3 ms of CPU per request here). No Accept-Encoding.
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const ask = async (q: string) => {
    const started = performance.now();
    const { status, text } = await get(`${server.url}/api/admin/users?q=${encodeURIComponent(q)}`, token, agent);
    if (status !== 200) throw new Error(`search "${q}" → ${status} ${text}`);
    const body = JSON.parse(text) as { total: number; totalCapped: boolean; totalIsEstimate: boolean };
    return {
      ms: performance.now() - started,
      total: body.total,
      capped: body.totalCapped,
      estimate: body.totalIsEstimate,
    };
  };
  for (const { q } of warmup) await ask(q);

  const measure = async (parallel: number) => {
    const results: Array<Awaited<ReturnType<typeof ask>> & { kind: QueryClass }> = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: parallel }, async () => {
        while (next < queries.length) {
          const { q, kind } = queries[next++];
          results.push({ ...(await ask(q)), kind });
        }
      }),
    );
    return results;
  };
  const results = await measure(concurrency);
  const serial = await measure(1);
  agent.destroy();
  const all = latency(results.map((r) => r.ms));
  const ofClass = (list: typeof results, kind: QueryClass) => list.filter((r) => r.kind === kind);
  const classes = Object.fromEntries(
    QUERY_CLASSES.map((kind) => [
      kind,
      {
        queries: ofClass(results, kind).length,
        hits: ofClass(results, kind).filter((r) => r.total > 0).length,
        parallel: latency(ofClass(results, kind).map((r) => r.ms)),
        serial: latency(ofClass(serial, kind).map((r) => r.ms)),
      },
    ]),
  ) as SearchResult["classes"];
  const serialAll = latency(serial.map((r) => r.ms));
  return {
    label: server.label,
    queries: queries.length,
    concurrency,
    all: {
      ...all,
      p99: percentile(
        [...results.map((r) => r.ms)].sort((a, b) => a - b),
        99,
      ),
    },
    classes,
    hits: results.filter((r) => r.total > 0).length,
    capped: results.filter((r) => r.capped).length,
    estimated: results.filter((r) => r.estimate).length,
    serial: { p50: serialAll.p50, p95: serialAll.p95 },
  };
}

/** EXPLAIN ANALYZE of the very SQL searchUsers sends (lib/admin/search.ts pageSql/countSql). */
export async function explain(
  databaseUrl: string,
  qs: string[],
): Promise<Array<{ q: string; page: string; count: string }>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const plan = async (sql: Prisma.Sql) =>
    (
      await client.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, COSTS OFF) ${sql.text}`, sql.values as unknown[])
    ).rows
      .map((row) => row["QUERY PLAN"])
      .join("\n");
  const out = [];
  for (const q of qs) {
    const query = userListQuerySchema.parse({ q });
    out.push({ q, page: await plan(pageSql(query)), count: await plan(countSql(query)) });
  }
  await client.end();
  return out;
}

export function formatSearch(result: SearchResult): string {
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  return [
    `search (${result.label}): ${result.queries} queries, concurrency ${result.concurrency}: p50 ${ms(result.all.p50)}, p95 ${ms(result.all.p95)}, p99 ${ms(result.all.p99)}, max ${ms(result.all.max)}; one at a time: p50 ${ms(result.serial.p50)}, p95 ${ms(result.serial.p95)}`,
    ...QUERY_CLASSES.map((kind) => {
      const c = result.classes[kind];
      return `  ${kind.padEnd(11)} ${String(c.queries).padStart(3)} queries, ${String(c.hits).padStart(3)} hits: p50 ${ms(c.parallel.p50)}, p95 ${ms(c.parallel.p95)}, max ${ms(c.parallel.max)}; one at a time p50 ${ms(c.serial.p50)}, p95 ${ms(c.serial.p95)}`;
    }),
    `  ${result.hits} found users; totals: ${result.estimated} estimated, ${result.capped} capped, the rest exact`,
  ].join("\n");
}
