/**
 * Seeds the staff-console benchmark database (accounts_bench_admin, a database of its own on the
 * local PostgreSQL server) with N users in one INSERT … SELECT generate_series, all sharing one
 * precomputed Argon2 hash. The User indexes are dropped for the insert and rebuilt after it
 * (two at a time), which is several times faster than maintaining three GIN indexes row by row.
 *
 *   npx tsx bench/admin-seed.ts [--users 1000000] [--fresh]
 */
import { pathToFileURL } from "node:url";
import { hashPassword } from "@/lib/accounts/password-hash";
import { migrateServer } from "@/lib/db/migrate-server";
import { withPgClient } from "@/lib/db/pg-client";

export const BENCH_STAFF = { username: "bench_staff", password: "bench-staff-steady-lamp-42" } as const;

export function benchDatabaseUrl(): string {
  return process.env.ADMIN_BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/accounts_bench_admin";
}

const FIRST =
  "james mary robert patricia john jennifer michael linda david elizabeth william barbara richard susan joseph jessica thomas sarah charles karen christopher lisa daniel nancy matthew betty anthony sandra mark margaret donald ashley steven kimberly andrew emily paul donna joshua michelle kenneth carol kevin amanda brian melissa george deborah timothy stephanie ronald rebecca jason sharon edward laura jeffrey cynthia ryan dorothy jacob amy gary kathleen nicholas angela eric shirley jonathan emma stephen brenda larry pamela justin nicole scott anna brandon samantha benjamin katherine samuel christine gregory debra alexander rachel patrick carolyn frank janet raymond maria jack olivia dennis heather jerry helen tyler catherine aaron diane jose julie adam victoria nathan joyce henry lauren zachary kelly douglas christina peter ruth kyle joan noah virginia ethan judith jeremy evelyn walter hannah christian andrea keith megan roger cheryl terry jacqueline austin martha sean madison gerald teresa carl kathryn harold sara dylan janice arthur julia lawrence kayla jordan alexis jesse grace bryan frances billy gloria bruce abigail gabriel marie joe sophia logan isabella ahmed wei yuki priya omar lena ivan chloe mateo aisha";
const LAST =
  "smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez gonzalez wilson anderson thomas taylor moore jackson martin lee perez thompson white harris sanchez clark ramirez lewis robinson walker young allen king wright scott torres nguyen hill flores green adams nelson baker hall rivera campbell mitchell carter roberts gomez phillips evans turner diaz parker cruz edwards collins reyes stewart morris morales murphy cook rogers gutierrez ortiz morgan cooper peterson bailey reed kelly howard ramos kim cox ward richardson watson brooks chavez wood james bennett gray mendoza ruiz hughes price alvarez castillo sanders patel myers long ross foster jimenez kowalski novak schmidt muller rossi tanaka sato silva santos okafor mensah";

const sqlArray = (words: string) =>
  `ARRAY[${words
    .split(" ")
    .map((w) => `'${w}'`)
    .join(",")}]`;

/**
 * Deterministic pseudo-random values per row (hashint4), so every seed is the same data set.
 * As in a real table, users are stored in the order they joined (rows are appended at sign-up),
 * over five years; what they typed does not follow that order: the number in a username and the
 * phone number come from two different permutations of 1…N (i·p mod 10^7 with p prime to 10 is
 * a bijection), names and domains from hashes.
 */
function insertSql(users: number): string {
  return `
    INSERT INTO "User" ("id", "username", "phoneNumber", "email", "passwordHash", "isActive", "isStaff", "dateJoined", "deletedAt", "updatedAt")
    SELECT 'u' || lpad(i::text, 8, '0'),
           CASE WHEN h % 3 = 0 THEN initcap(f) ELSE f END || CASE WHEN h % 2 = 0 THEN '_' ELSE '.' END || l || n,
           '+1201' || lpad(((i::int8 * 7654321) % 10000000)::text, 7, '0'),
           CASE WHEN h % 10 = 0 THEN NULL ELSE f || '.' || l || n || '@' || (ARRAY['example.com','mail.example','inbox.test','corp.example.org'])[1 + h % 4] END,
           $1, h % 20 <> 0, h % 1000 = 7, joined,
           CASE WHEN g % 50 = 0 THEN joined + interval '30 days' END,
           joined
    FROM generate_series(1, ${users}) AS i,
         LATERAL (SELECT abs(hashint4(i)) AS h, abs(hashint4(i + 7777777)) AS g, (i::int8 * 3141593) % 10000000 AS n) AS r,
         LATERAL (SELECT (${sqlArray(FIRST)})[1 + r.h % ${FIRST.split(" ").length}] AS f,
                         (${sqlArray(LAST)})[1 + r.g % ${LAST.split(" ").length}] AS l,
                         timestamp '2020-01-01' + (i::float8 / ${users}) * interval '5 years' + (r.g % 60) * interval '1 second' AS joined) AS v`;
}

export type SeedResult = {
  users: number;
  seconds: number;
  reused: boolean;
  insertSeconds: number;
  indexSeconds: number;
};

export async function seedAdminBench(
  options: { users?: number; fresh?: boolean; log?: (line: string) => void } = {},
): Promise<SeedResult> {
  const users = options.users ?? 1_000_000;
  const log = options.log ?? console.log;
  const url = new URL(benchDatabaseUrl());
  const name = url.pathname.slice(1);
  if (!/^accounts_bench_\w+$/.test(name))
    throw new Error(`refusing to seed "${name}": the name must start with accounts_bench_`);
  const serverUrl = new URL(url);
  serverUrl.pathname = "/postgres";

  if (!options.fresh) {
    const existing = await withPgClient(serverUrl.toString(), (c) =>
      c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]),
    );
    if (existing.rowCount) {
      const count = await withPgClient(url.toString(), (c) =>
        c
          .query<{ n: string }>(`SELECT count(*) AS n FROM "User" WHERE "id" LIKE 'u%'`)
          .catch(() => ({ rows: [{ n: "0" }] })),
      );
      if (Number(count.rows[0].n) === users) {
        log(`seed: reusing ${name} (${users.toLocaleString("en-US")} users; --fresh to rebuild)`);
        return { users, seconds: 0, reused: true, insertSeconds: 0, indexSeconds: 0 };
      }
    }
  }

  const started = performance.now();
  await withPgClient(serverUrl.toString(), async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${name}"`);
  });
  await migrateServer(url.toString());
  const passwordHash = await hashPassword(BENCH_STAFF.password);

  const { insertSeconds, indexSeconds } = await withPgClient(url.toString(), async (c) => {
    const indexes = await c.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'User' AND indexname <> 'User_pkey'`,
    );
    for (const { indexname } of indexes.rows) await c.query(`DROP INDEX "${indexname}"`);
    const t0 = performance.now();
    await c.query(insertSql(users), [passwordHash]);
    await c.query(
      `INSERT INTO "User" ("id", "username", "phoneNumber", "passwordHash", "isStaff", "updatedAt") VALUES ('staff', $1, '+19990000000', $2, true, now())`,
      [BENCH_STAFF.username, passwordHash],
    );
    const t1 = performance.now();
    log(
      `seed: inserted ${users.toLocaleString("en-US")} users in ${((t1 - t0) / 1000).toFixed(1)} s; rebuilding ${indexes.rowCount} indexes`,
    );
    await rebuild(
      url.toString(),
      indexes.rows.map((row) => row.indexdef),
    );
    await c.query(`VACUUM ANALYZE "User"`);
    return { insertSeconds: (t1 - t0) / 1000, indexSeconds: (performance.now() - t1) / 1000 };
  });
  const seconds = (performance.now() - started) / 1000;
  log(`seed: done in ${seconds.toFixed(1)} s (indexes + vacuum ${indexSeconds.toFixed(1)} s)`);
  return { users, seconds, reused: false, insertSeconds, indexSeconds };
}

/** Two index builds at a time (GIN builds use one core each in PostgreSQL 15). */
async function rebuild(url: string, definitions: string[]): Promise<void> {
  const queue = [...definitions].sort((a, b) => Number(b.includes("gin")) - Number(a.includes("gin")));
  const worker = () =>
    withPgClient(url, async (c) => {
      await c.query(`SET maintenance_work_mem = '512MB'`);
      for (let next = queue.shift(); next; next = queue.shift()) await c.query(next);
    });
  await Promise.all([worker(), worker()]);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const at = args.indexOf("--users");
  seedAdminBench({ users: at >= 0 ? Number(args[at + 1]) : undefined, fresh: args.includes("--fresh") }).catch(
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
