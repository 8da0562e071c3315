import { BENCH_PASSWORD, benchIp, benchUsername } from "./ids";

/**
 * The soak's load: an open loop at a fixed rate (requests are sent on schedule whether or not
 * earlier ones have answered, as real clients do), mixing sign-ups, logins, GET /api/auth/me
 * and staff searches. Every request comes from its own X-Forwarded-For address of the run, so
 * the server's per-IP limits never refuse it and the bench's cleanup finds their keys.
 */

export const KINDS = ["signup", "login", "me", "search"] as const;
export type Kind = (typeof KINDS)[number];
/** One pass of this cycle per ten requests: 10 % sign-ups, 20 % logins, 50 % /me, 20 % searches. */
const CYCLE: Kind[] = ["me", "login", "me", "search", "signup", "me", "login", "me", "search", "me"];

/** Requests allowed to wait for an answer at once; beyond it, due requests are counted as skipped. */
export const MAX_IN_FLIGHT = 256;
export const SIGNUP_PASSWORD = "soak: quiet harbour lantern";
// Area codes with valid 555 numbers; not 202, the staff user's.
const AREAS = ["201", "212", "646", "415", "312", "617", "305", "503", "720"];

export type KindStats = { sent: number; statuses: Record<string, number>; latenciesMs: number[] };
export type SoakTarget = { url: string; tag: string; users: number; staffToken: string; tokens: string[] };
export type SoakLoad = { stats: Record<Kind, KindStats>; registered: string[]; skipped: number; seconds: number };

/** The request of kind `kind`, number `n` of the run. */
function request(kind: Kind, n: number, target: SoakTarget, tokens: string[]): { path: string; init: RequestInit } {
  const headers: Record<string, string> = { "x-forwarded-for": benchIp(target.tag, 0x100000 + n) };
  const post = (path: string, body: unknown) => ({
    path,
    init: { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify(body) },
  });
  switch (kind) {
    case "signup": {
      const username = `s${target.tag}_${n}`;
      const phoneNumber = `+1${AREAS[Math.floor(n / 10_000) % AREAS.length]}555${String(n % 10_000).padStart(4, "0")}`;
      return post("/api/auth/register", {
        username,
        phoneNumber,
        email: `${username}@example.com`,
        password: SIGNUP_PASSWORD,
      });
    }
    case "login":
      return post("/api/auth/login", {
        identifier: benchUsername(target.tag, (n % target.users) + 1),
        password: BENCH_PASSWORD,
      });
    case "me":
      return {
        path: "/api/auth/me",
        init: { headers: { ...headers, authorization: `Bearer ${tokens[n % tokens.length]}` } },
      };
    case "search": {
      const queries = [String(n % 9_973), `${n % 997}`.padStart(3, "7"), `s${target.tag.slice(0, 5)}`, "example.com"];
      const query = new URLSearchParams({
        q: queries[n % queries.length],
        ...(n % 3 === 0 ? { sort: "username" } : {}),
      });
      return {
        path: `/api/admin/users?${query}`,
        init: { headers: { ...headers, authorization: `Bearer ${target.staffToken}` } },
      };
    }
  }
}

export async function runSoakLoad(target: SoakTarget, options: { rate: number; seconds: number }): Promise<SoakLoad> {
  const stats = Object.fromEntries(
    KINDS.map((k) => [k, { sent: 0, statuses: {}, latenciesMs: [] }]),
  ) as unknown as Record<Kind, KindStats>;
  const tokens = [...target.tokens];
  const registered: string[] = [];
  const inFlight = new Set<Promise<void>>();
  let sent = 0;
  let skipped = 0;

  const fire = (n: number) => {
    const kind = CYCLE[n % CYCLE.length];
    const { path, init } = request(kind, n, target, tokens);
    const started = performance.now();
    stats[kind].sent++;
    const done = fetch(`${target.url}${path}`, { ...init, signal: AbortSignal.timeout(30_000) })
      .then(async (response) => {
        const body = (await response.json().catch(() => ({}))) as {
          accessToken?: string;
          user?: { username?: string };
        };
        stats[kind].latenciesMs.push(performance.now() - started);
        count(stats[kind], String(response.status));
        if (body.accessToken) tokens[tokens.length < 256 ? tokens.length : n % 256] = body.accessToken;
        if (kind === "signup" && response.status === 201 && body.user?.username) registered.push(body.user.username);
      })
      .catch(() => count(stats[kind], "error"))
      .finally(() => inFlight.delete(done));
    inFlight.add(done);
  };

  const start = performance.now();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = (performance.now() - start) / 1000;
      const due = Math.floor(Math.min(elapsed, options.seconds) * options.rate);
      for (; sent < due; sent++) {
        // A server that falls this far behind is failing the soak anyway; don't pile on.
        if (inFlight.size >= MAX_IN_FLIGHT) skipped++;
        else fire(sent);
      }
      if (elapsed >= options.seconds) {
        clearInterval(timer);
        resolve();
      }
    }, 20);
  });
  await Promise.all(inFlight);
  return { stats, registered, skipped, seconds: (performance.now() - start) / 1000 };
}

function count(stats: KindStats, status: string): void {
  stats.statuses[status] = (stats.statuses[status] ?? 0) + 1;
}
