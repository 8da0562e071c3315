import { hashCeiling, parallelVerifyRate, timeVerify, type HashTiming, type ParallelRate } from "./hash-ceiling";
import { BENCH_PASSWORD, benchIp, benchUsername } from "./ids";
import { measure, okPerSecond, type Measured, type Target } from "./measure";
import type { Options } from "./options";
import { treeMemory, type Memory } from "./proc";

/**
 * The measured scenarios. Every login request comes from a client address of its own and names
 * a seeded user, so rate limits and lockout (both real) let a crowd of users in, as they would.
 */

export type LoginRun = Measured & { hash: HashTiming; ceiling: number; efficiency: number; parallelHash: ParallelRate };
export type MemoryReading = { label: string; logins: number; processes: Memory[] };

export class Bench {
  /** Login requests sent so far: each one's number picks its client address and its user. */
  private sent = 0;
  /** Successful logins so far, across all phases. */
  logins = 0;
  readonly memory: MemoryReading[] = [];

  constructor(
    private readonly target: Target,
    private readonly options: Options,
    private readonly tag: string,
    private readonly cores: number,
  ) {}

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
        body: JSON.stringify({ identifier: benchUsername(this.tag, (n % this.options.users) + 1), password: BENCH_PASSWORD }),
      });
      if (!response.ok) throw new Error(`login for a token failed: ${response.status} ${await response.text()}`);
      tokens.push(((await response.json()) as { accessToken: string }).accessToken);
      this.logins++;
    }
    return tokens;
  }

  private async loginLoad(amount: number, maxSeconds: number): Promise<Measured> {
    const scenario = { kind: "login" as const, tag: this.tag, userCount: this.options.users, firstRequest: this.sent };
    const result = await measure(this.target, { connections: this.options.loginConnections, amount, maxSeconds, scenario });
    this.sent += result.completed;
    this.logins += result.ok;
    return result;
  }

  /**
   * One login run, paired with hash figures measured just before it (the machine's load drifts):
   * the ceiling as defined (cores ÷ one verify's time) and, for the analysis, what all cores
   * verifying at once actually reach.
   */
  async loginRun(): Promise<LoginRun> {
    const hash = await timeVerify(this.options.hashSamples);
    const parallelHash = await parallelVerifyRate(this.cores);
    const ceiling = hashCeiling(this.cores, hash);
    const result = await this.loginLoad(this.options.loginsPerRun, 120);
    return { ...result, hash, ceiling, efficiency: okPerSecond(result) / ceiling, parallelHash };
  }

  /** More logins until `total` have succeeded in all (warm-up, and the way to the memory reading). */
  async loginsUntil(total: number): Promise<Measured | undefined> {
    const missing = total - this.logins;
    if (missing <= 0) return undefined;
    // Refused ones (there should be none) would not count: ask for a few more than missing.
    return this.loginLoad(Math.ceil(missing * 1.02), 900);
  }

  /** GET /api/auth/me (or another GET route) with these tokens in turn, for `seconds`. */
  me(tokens: string[], seconds: number, amount = 1_000_000, path = "/api/auth/me"): Promise<Measured> {
    return measure(this.target, {
      connections: this.options.meConnections,
      amount,
      maxSeconds: seconds,
      scenario: { kind: "get", path, tokens },
    });
  }
}
