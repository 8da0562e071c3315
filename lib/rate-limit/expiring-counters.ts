/**
 * Integer counters that expire, for the memory store: the little of Redis (GET, INCRBY, PEXPIRE,
 * PTTL, DEL, and DEL by key prefix) that the rate limits and the lockout use, over a Map. Every counter gets its expiry
 * when it is created, and a timer drops the expired ones, so the map cannot grow without bound.
 * Plain synchronous code: a caller that reads and writes without awaiting in between is atomic.
 */

type Counter = { value: number; expiresAt: number };

export type Clock = () => number;

export class ExpiringCounters {
  private readonly counters = new Map<string, Counter>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly now: Clock,
    sweepIntervalMs: number,
  ) {
    this.sweeper = setInterval(() => this.sweep(), sweepIntervalMs);
    // The sweeper alone must not keep the process (a script, a test run) alive.
    this.sweeper.unref();
  }

  /** The counter's value; 0 when it does not exist or has expired. */
  get(key: string): number {
    return this.live(key)?.value ?? 0;
  }

  /** Milliseconds until the counter expires; 0 when it does not exist. */
  msLeft(key: string): number {
    const counter = this.live(key);
    return counter ? counter.expiresAt - this.now() : 0;
  }

  /** Adds `by` and returns the new value; a new counter expires in `ttlMs`, an existing one keeps its expiry. */
  add(key: string, by: number, ttlMs: number): number {
    const counter = this.live(key);
    if (counter) return (counter.value += by);
    this.counters.set(key, { value: by, expiresAt: this.now() + ttlMs });
    return by;
  }

  /** Makes an existing counter expire `ttlMs` from now. */
  expireIn(key: string, ttlMs: number): void {
    const counter = this.live(key);
    if (counter) counter.expiresAt = this.now() + ttlMs;
  }

  delete(key: string): void {
    this.counters.delete(key);
  }

  /** Drops every counter whose key starts with `prefix`; returns the sum of their live values. */
  deleteStartingWith(prefix: string): number {
    let sum = 0;
    for (const key of [...this.counters.keys()].filter((k) => k.startsWith(prefix))) {
      sum += this.get(key);
      this.counters.delete(key);
    }
    return sum;
  }

  /** Drops every expired counter (the timer calls this; tests may too). */
  sweep(): void {
    const now = this.now();
    for (const [key, counter] of this.counters) if (counter.expiresAt <= now) this.counters.delete(key);
  }

  /** How many counters are held, expired ones not yet swept included. */
  get size(): number {
    return this.counters.size;
  }

  close(): void {
    clearInterval(this.sweeper);
    this.counters.clear();
  }

  private live(key: string): Counter | undefined {
    const counter = this.counters.get(key);
    if (counter && counter.expiresAt <= this.now()) {
      this.counters.delete(key);
      return undefined;
    }
    return counter;
  }
}
