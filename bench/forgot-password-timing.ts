/**
 * npx tsx bench/forgot-password-timing.ts [rounds]
 *
 * Forgot-password must answer as fast for a known e-mail as for an unknown one, or its timing
 * would tell which addresses have accounts.
 * This measures it through the real route handler, over a fresh in-memory database (or a fresh
 * database on BENCH_DATABASE_URL's local server), alternating known and unknown e-mails, and
 * prints the median and tail of each. It also times the domain call without its padding, which
 * shows how far below the floor (FORGOT_PASSWORD_FLOOR_MS) the known path's real work stays.
 * No assertion: a figure to read, not a test.
 */
// The app modules are imported below, after this environment is set (the logger reads its level at import).
export {};
process.env.LOG_LEVEL ??= "warn";
process.env.AUTH_SECRET ??= "bench-secret-0123456789abcdef-0123456789";
process.env.DATA_DIR ??= ".test-output/bench-data";
process.env.MAIL_DIR ??= ".test-output/bench-mail";
process.env.RATE_LIMIT_PER_MINUTE = "1000000";
if (process.env.BENCH_DATABASE_URL) process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL;

const { FORGOT_PASSWORD_FLOOR_MS, requestPasswordReset } = await import("@/lib/accounts/password-reset-request");
const { registerUser } = await import("@/lib/accounts/register");
const { closeDb, setDbForTests } = await import("@/lib/db");
const { SOCKET_IP_HEADER } = await import("@/lib/http/client-ip");
const { apiApp } = await import("@/lib/api/app");
const { createTestDb } = await import("../tests/helpers/test-db");

const rounds = Number(process.argv[2] ?? 60);
const testDb = await createTestDb();
setDbForTests(testDb.db);

const benchClient = { ip: "203.0.113.7", userAgent: "bench" };
const knownEmails: string[] = [];
for (let i = 0; i < 10; i++) {
  const n = String(i).padStart(4, "0");
  const email = `bench_${n}@example.com`;
  await registerUser(
    {
      username: `bench_${n}`,
      phoneNumber: `+1 (212) 555-${n}`,
      email,
      password: `violet-canyon-${n}-kettle`,
    },
    benchClient,
  );
  knownEmails.push(email);
}

async function served(email: string): Promise<number> {
  const request = new Request("http://localhost/api/auth/forgot-password", {
    method: "POST",
    headers: { "content-type": "application/json", [SOCKET_IP_HEADER]: "203.0.113.7" },
    body: JSON.stringify({ email }),
  });
  const started = performance.now();
  const response = await apiApp.fetch(request);
  await response.text();
  if (response.status !== 202) throw new Error(`expected 202, got ${response.status}`);
  return performance.now() - started;
}

async function unpadded(email: string): Promise<number> {
  const started = performance.now();
  await requestPasswordReset({ email }, benchClient, { floorMs: 0 });
  return performance.now() - started;
}

type Sample = { known: number[]; unknown: number[] };
async function measure(run: (email: string) => Promise<number>): Promise<Sample> {
  const sample: Sample = { known: [], unknown: [] };
  for (let i = 0; i < 5; i++) await run(knownEmails[i]); // warm-up: first renders, prepared plans
  for (let i = 0; i < rounds; i++) {
    sample.known.push(await run(knownEmails[i % knownEmails.length]));
    sample.unknown.push(await run(`nobody_${i}@example.com`));
  }
  return sample;
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const row = (label: string, values: number[]) =>
  `  ${label.padEnd(8)} median ${quantile(values, 0.5).toFixed(1).padStart(7)} ms   p90 ${quantile(values, 0.9).toFixed(1).padStart(7)} ms   max ${Math.max(
    ...values,
  )
    .toFixed(1)
    .padStart(7)} ms`;

const answered = await measure(served);
const work = await measure(unpadded);
console.log(
  `forgot-password timing, ${rounds} requests each, ${testDb.kind} database, floor ${FORGOT_PASSWORD_FLOOR_MS} ms`,
);
console.log("as answered (POST /api/auth/forgot-password):");
console.log(row("known", answered.known));
console.log(row("unknown", answered.unknown));
console.log(
  `  median difference (known - unknown): ${(quantile(answered.known, 0.5) - quantile(answered.unknown, 0.5)).toFixed(2)} ms`,
);
console.log("the work under the padding (domain call, floor 0):");
console.log(row("known", work.known));
console.log(row("unknown", work.unknown));

await closeDb();
await testDb.close();
