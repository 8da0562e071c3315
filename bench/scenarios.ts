import {
  mergeRates,
  mergeTimings,
  parallelVerifyRate,
  timeVerify,
  type HashTiming,
  type ParallelRate,
} from "./hash-ceiling";
import { BENCH_PASSWORD, benchIp, benchIpPrefix, benchUsername, benchUserPrefix } from "./ids";
import { measure, okPerSecond, type Measured, type Target } from "./measure";
import { treeMemory, type Memory } from "./proc";

/**
 * The measured scenarios, against one server. Every login request comes from a client address
 * of its own and names a seeded user, so rate limits and lockout (both real) let a crowd of
 * users in, as they would; a run with any answer but 2xx fails the bench.
 */

export type LoginRun = Measured & {
  connections: number;
  /** One verify at a time, in the bench's process, just before and just after the run. */
  verify: HashTiming;
  /** Two verifies at a time (one per core), likewise. */
  parallel: ParallelRate;
  /** When the run began and ended, in µs of the monotonic clock (a CPU profile's timestamps). */
  window: [number, number];
};
export type MemoryReading = { label: string; logins: number; processes: Memory[] };

const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

export class Bench {
  /** Login requests sent so far: each one's number picks its client address and its user. */
  private sent: number;
  /** Successful logins so far, across all phases. */
  logins = 0;
  readonly memory: MemoryReading[] = [];

  /** `firstRequest`: where this server's request numbers start, so that two servers never share a client address. */
  constructor(
    private readonly target: Target,
    private readonly tag: string,
    private readonly users: number,
    firstRequest: number,
  ) {
    this.sent = firstRequest;
  }

  readMemory(label: string): MemoryReading {
    const reading = { label, logins: this.logins, processes: treeMemory(this.target.server.pid) };
    this.memory.push(reading);
    return reading;
  }

  /** Access tokens of a few users, for the /me runs (obtained by logging in, like a client). */
  async tokens(count: number): Promise<string[]> {
    const tokens: string[] = [];
    for (let i = 0; i < count; i++) {
      const n = this.sent++;
      const response = await fetch(`${this.target.server.url}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": benchIp(this.tag, n) },
        body: JSON.stringify({ identifier: benchUsername(this.tag, (n % this.users) + 1), password: BENCH_PASSWORD }),
      });
      if (!response.ok) throw new Error(`login for a token failed: ${response.status} ${await response.text()}`);
      tokens.push(((await response.json()) as { accessToken: string }).accessToken);
      this.logins++;
    }
    return tokens;
  }

  /** POST /api/auth/login with `connections` in flight for `seconds`. */
  private async loginLoad(connections: number, seconds: number): Promise<Measured> {
    const scenario = {
      kind: "login" as const,
      userPrefix: benchUserPrefix(this.tag),
      userCount: this.users,
      ipPrefix: benchIpPrefix(this.tag),
      firstRequest: this.sent,
      password: BENCH_PASSWORD,
    };
    const result = checked(await measure(this.target, { connections, seconds, scenario }), "POST /api/auth/login");
    // One more than sent: the number wrk's check of the script consumed.
    this.sent += result.sent + 1;
    this.logins += result.ok;
    return result;
  }

  /** One measured login run, with the hash's own figures taken just before and just after it (the machine's load drifts). */
  async loginRun(connections: number, seconds: number): Promise<LoginRun> {
    const [verifyBefore, parallelBefore] = [await timeVerify(15), await parallelVerifyRate(2, 2)];
    const start = monotonicUs();
    const result = await this.loginLoad(connections, seconds);
    const window: [number, number] = [start, monotonicUs()];
    const [verifyAfter, parallelAfter] = [await timeVerify(15), await parallelVerifyRate(2, 2)];
    return {
      ...result,
      connections,
      verify: mergeTimings(verifyBefore, verifyAfter),
      parallel: mergeRates(parallelBefore, parallelAfter),
      window,
    };
  }

  /** More logins (8 in flight) until `total` have succeeded in all: warm-up, and the way to a memory reading. */
  async loginsUntil(total: number): Promise<void> {
    let perSecond = 50;
    while (this.logins < total) {
      const seconds = Math.min(120, Math.max(1, Math.ceil(((total - this.logins) / perSecond) * 1.02)));
      perSecond = Math.max(1, okPerSecond(await this.loginLoad(8, seconds)));
    }
  }

  /** GET /api/auth/me (or another GET route) with these tokens in turn, for `seconds`. */
  async me(tokens: string[], connections: number, seconds: number, path = "/api/auth/me"): Promise<Measured> {
    return checked(
      await measure(this.target, { connections, seconds, scenario: { kind: "get", path, tokens } }),
      `GET ${path}`,
    );
  }
}

function checked(m: Measured, what: string): Measured {
  const refused = Object.entries(m.statusCounts).filter(([status]) => !status.startsWith("2"));
  if (refused.length || m.socketErrors) {
    const statuses = refused.map(([status, n]) => `${n}×${status}`).join(", ");
    throw new Error(
      `${what}: not every answer was 2xx (${statuses || "none refused"}; ${m.socketErrors} socket errors or timeouts)`,
    );
  }
  return m;
}
