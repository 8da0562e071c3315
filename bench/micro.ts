import "./env";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { createDatabase, seedUsers } from "./fixtures";
import { parseOptions } from "./options";

/**
 * Where the time of one GET /api/auth/me goes, piece by piece, outside Next: each piece run
 * `count` times with 32 in flight, in this process, reporting CPU µs per call. Investigation
 * only (nothing is written); the pieces are the app's own modules against a fresh database.
 *
 *   tsx bench/micro.ts [--count 20000]
 */

const argv = process.argv.slice(2);
const countArg = argv.indexOf("--count");
const count = countArg >= 0 ? Number(argv[countArg + 1]) : 20_000;
const options = parseOptions([], process.env);

type Piece = { name: string; run: (i: number) => Promise<unknown> };

async function time(piece: Piece, concurrency = 32): Promise<string> {
  for (let i = 0; i < 500; i++) await piece.run(i); // warm-up: JIT, pools, caches
  const cpu = process.cpuUsage();
  const start = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await piece.run(next++);
    }),
  );
  const used = process.cpuUsage(cpu);
  const wall = performance.now() - start;
  const us = (used.user + used.system) / count;
  return `${piece.name.padEnd(58)} ${us.toFixed(1).padStart(7)} µs CPU/call  (${((count / wall) * 1000).toFixed(0)} calls/s)`;
}

async function main(): Promise<void> {
  const tag = randomBytes(4).toString("hex");
  process.env.AUTH_SECRET = randomBytes(32).toString("base64url");
  const database = await createDatabase(options.databaseServerUrl, tag);
  try {
    const users = await seedUsers(database.url, tag, 64);
    process.env.DATABASE_URL = database.url;
    const { issueAccessToken, readAccessToken } = await import("@/lib/accounts/access-token");
    const { userForBearer, userForClaims } = await import("@/lib/accounts/token-user");
    const { getDb } = await import("@/lib/db");
    const { apiApp, buildApiApp } = await import("@/lib/api/app");
    const { defineRoute } = await import("@/lib/api/define");
    const { toUserJson } = await import("@/lib/validation/user");
    const db = await getDb();
    const { startSession } = await import("@/lib/sessions/sessions");
    const benchClient = { ip: "203.0.113.9", userAgent: "bench" };
    const tokens = await Promise.all(
      users.map(async (u) => {
        const sessionId = await startSession({ id: u.id, tokenVersion: 0 }, "api", benchClient);
        return (await issueAccessToken({ userId: u.id, sessionId })).accessToken;
      }),
    );
    const claims = await Promise.all(tokens.map((t) => readAccessToken(t)));
    const pool = new pg.Pool({ connectionString: database.url, max: 10 });
    const user = (await userForBearer(`Bearer ${tokens[0]}`))!;
    const bare = buildApiApp([
      defineRoute({
        method: "get",
        path: "/api/auth/me",
        summary: "",
        tags: [],
        access: "public",
        responses: {},
        handler: async () => Response.json({ ok: true }),
      }),
    ]);
    const request = (i: number) =>
      new Request("http://localhost/api/auth/me", { headers: { authorization: `Bearer ${tokens[i % 64]}` } });

    const { jwtVerify } = await import("jose");
    const rawKey = new TextEncoder().encode(`${process.env.AUTH_SECRET}:api-access-token`);
    const cryptoKey = await crypto.subtle.importKey("raw", rawKey, { name: "HMAC", hash: "SHA-256" }, false, [
      "verify",
    ]);
    const verifyWith = (key: Uint8Array | CryptoKey, i: number) =>
      jwtVerify(tokens[i % 64], key, { algorithms: ["HS256"], issuer: "accounts", audience: "accounts-api" });
    const { tokenUserSelect } = await import("@/lib/accounts/token-user");
    // What userForClaims did before it read with raw SQL, for comparison.
    const findUnique = (i: number) => db.user.findUnique({ where: { id: users[i % 64].id }, select: tokenUserSelect });
    // Prisma batches findUnique calls made in one tick into one query; in the server, requests
    // reach the query one by one (after the token check), so the pieces follow a jose verify.
    const pieces: Piece[] = [
      { name: "jose jwtVerify, Uint8Array key (imported per call)", run: (i) => verifyWith(rawKey, i) },
      { name: "jose jwtVerify, CryptoKey imported once", run: (i) => verifyWith(cryptoKey, i) },
      {
        name: "jose (CryptoKey) then Prisma findUnique (as before)",
        run: (i) => verifyWith(cryptoKey, i).then(() => findUnique(i)),
      },
      {
        name: "jose (CryptoKey) then userForClaims (raw SQL)",
        run: (i) => verifyWith(cryptoKey, i).then(() => userForClaims(claims[i % 64]!)),
      },
      {
        name: "jose (CryptoKey) then node-postgres pool.query",
        run: (i) =>
          verifyWith(cryptoKey, i).then(() =>
            pool.query(
              `SELECT "id","username","phoneNumber","email","isActive","isStaff","dateJoined","deletedAt","tokenVersion" FROM "User" WHERE "id" = $1 AND "deletedAt" IS NULL`,
              [users[i % 64].id],
            ),
          ),
      },
      { name: "new Request (what Next builds per request, roughly)", run: async (i) => request(i) },
      { name: "the API app around a handler returning Response.json({ok})", run: async (i) => bare.fetch(request(i)) },
      { name: "jose jwtVerify (readAccessToken)", run: (i) => readAccessToken(tokens[i % 64]) },
      { name: "Prisma findUnique + soft-delete extension (batched!)", run: (i) => findUnique(i) },
      {
        name: "Prisma $queryRaw, same row",
        run: (i) =>
          db.$queryRaw`SELECT "id","tokenVersion","isActive" FROM "User" WHERE "id" = ${users[i % 64].id} AND "deletedAt" IS NULL`,
      },
      {
        name: "node-postgres pool.query, same row",
        run: (i) =>
          pool.query(`SELECT "id","tokenVersion","isActive" FROM "User" WHERE "id" = $1 AND "deletedAt" IS NULL`, [
            users[i % 64].id,
          ]),
      },
      { name: "userForBearer (regex + jose + Prisma)", run: (i) => userForBearer(`Bearer ${tokens[i % 64]}`) },
      { name: "toUserJson + Response.json", run: async () => Response.json({ user: toUserJson(user) }) },
      { name: "the whole /me route through the API app", run: async (i) => (await apiApp.fetch(request(i))).text() },
    ];
    for (const piece of pieces) console.log(await time(piece));
    for (const piece of pieces.filter((p) => /Prisma|pool.query/.test(p.name)))
      console.log(await time({ ...piece, name: `${piece.name}, one at a time` }, 1));
    await pool.end();
    await db.$disconnect();
  } finally {
    await database.drop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
