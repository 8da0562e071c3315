/**
 * Staff search at scale: 200 random 3–5 character queries (half cut from real usernames, e-mails
 * and phone numbers, half random letters) through GET /api/admin/users on `next start`,
 * 4 at a time, after 20 warm-up queries. Prints latency percentiles and EXPLAIN ANALYZE of a broad
 * and a narrow query, showing the pg_trgm GIN indexes at work.
 *
 *   npx tsx bench/admin.ts --only search     (seeds 1M users first unless already seeded)
 */
import http from "node:http";
import pg from "pg";
import { countSql, pageSql } from "@/lib/admin/search";
import { DEFAULT_TUNING } from "@/lib/admin/search-plan";
import type { Prisma } from "@/lib/generated/prisma/client";
import { userListQuerySchema } from "@/lib/validation/admin";
import { benchDatabaseUrl } from "./admin-seed";
import type { BenchServer } from "./admin-server";

export type SearchQuery = { q: string; kind: "cut" | "random" };
export type SearchResult = {
  queries: number;
  concurrency: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  hits: number;
  capped: number;
  estimated: number;
  /** The same queries one at a time: the latency without our own queueing. */
  serial: { p50: number; p95: number };
  explain: Array<{ q: string; page: string; count: string }>;
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

export async function makeQueries(count: number, seed = 42): Promise<SearchQuery[]> {
  const rand = random(seed);
  const client = new pg.Client({ connectionString: benchDatabaseUrl() });
  await client.connect();
  const { rows } = await client.query<{ username: string; email: string | null; phoneNumber: string }>(
    `SELECT "username", "email", "phoneNumber" FROM "User" WHERE "id" = ANY($1)`,
    [Array.from({ length: count }, () => `u${String(1 + Math.floor(rand() * 1_000_000)).padStart(8, "0")}`)],
  );
  await client.end();
  const queries: SearchQuery[] = [];
  for (let i = 0; i < count; i++) {
    const length = 3 + Math.floor(rand() * 3);
    if (i % 2 === 0) {
      const row = rows[Math.floor(rand() * rows.length)];
      const text = [row.username, row.email ?? row.username, row.phoneNumber.slice(1)][Math.floor(rand() * 3)];
      const start = Math.floor(rand() * (text.length - length + 1));
      queries.push({ q: text.slice(start, start + length), kind: "cut" });
    } else {
      queries.push({ q: Array.from({ length }, () => "abcdefghijklmnopqrstuvwxyz"[Math.floor(rand() * 26)]).join(""), kind: "random" });
    }
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

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

export async function runSearch(server: BenchServer, token: string, options: { queries?: number; concurrency?: number } = {}): Promise<SearchResult> {
  const count = options.queries ?? 200;
  const concurrency = options.concurrency ?? 4;
  const [warmup, queries] = [await makeQueries(20, 7), await makeQueries(count)];
  // node:http over kept-alive sockets, not fetch: on two shared cores the load generator's own CPU
  // is taken from the server (fetch used ~1.3 ms of CPU per request here). No
  // Accept-Encoding, as autocannon sends none in the accounts bench.
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const ask = async (q: string) => {
    const started = performance.now();
    const { status, text } = await get(`${server.url}/api/admin/users?q=${encodeURIComponent(q)}`, token, agent);
    const body = JSON.parse(text) as { total: number; totalCapped: boolean; totalIsEstimate: boolean };
    if (status !== 200) throw new Error(`search "${q}" → ${status} ${text}`);
    return { ms: performance.now() - started, total: body.total, capped: body.totalCapped, estimate: body.totalIsEstimate };
  };
  for (const { q } of warmup) await ask(q);

  const measure = async (parallel: number) => {
    const results: Array<Awaited<ReturnType<typeof ask>>> = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: parallel }, async () => {
        while (next < queries.length) results.push(await ask(queries[next++].q));
      }),
    );
    return { results, sorted: results.map((r) => r.ms).sort((a, b) => a - b) };
  };
  const { results, sorted } = await measure(concurrency);
  const serial = (await measure(1)).sorted;
  agent.destroy();
  return {
    queries: count,
    concurrency,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1],
    hits: results.filter((r) => r.total > 0).length,
    capped: results.filter((r) => r.capped).length,
    estimated: results.filter((r) => r.estimate).length,
    serial: { p50: percentile(serial, 50), p95: percentile(serial, 95) },
    explain: await explain([queries.find((q) => q.kind === "cut")!.q, "smith", "2012345"]),
  };
}

/** EXPLAIN ANALYZE of the very SQL searchUsers sends (lib/admin/search.ts pageSql/countSql). */
async function explain(qs: string[]): Promise<SearchResult["explain"]> {
  const client = new pg.Client({ connectionString: benchDatabaseUrl() });
  await client.connect();
  const plan = async (sql: Prisma.Sql) =>
    (await client.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, COSTS OFF) ${sql.text}`, sql.values as unknown[])).rows
      .map((row) => row["QUERY PLAN"])
      .join("\n");
  const out = [];
  for (const q of qs) {
    const query = userListQuerySchema.parse({ q });
    out.push({ q, page: await plan(pageSql(query)), count: await plan(countSql(query, DEFAULT_TUNING.largeTableCountCap, "bitmap")) });
  }
  await client.end();
  return out;
}

export function formatSearch(result: SearchResult): string {
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  return [
    `search: ${result.queries} queries, concurrency ${result.concurrency}: p50 ${ms(result.p50)}, p95 ${ms(result.p95)}, p99 ${ms(result.p99)}, max ${ms(result.max)}`,
    `        one at a time: p50 ${ms(result.serial.p50)}, p95 ${ms(result.serial.p95)}`,
    `        ${result.hits} found users; totals: ${result.estimated} estimated, ${result.capped} capped, the rest exact`,
  ].join("\n");
}
