/**
 * Names the bench gives to what it creates, all derived from one run tag, so that the load
 * generator can compute them without being sent lists, and cleanup can find them.
 */

export const BENCH_PASSWORD = "bench: correct horse battery staple";

/** User n (1-based) of the seeded users. */
export const benchUsername = (tag: string, n: number) => `${benchUserPrefix(tag)}${n}`;
export const benchUserPrefix = (tag: string) => `u${tag}_`;
export const benchUserId = (tag: string, n: number) => `bench-${tag}-${n}`;

/**
 * A documentation-range IPv6 address (2001:db8::/32) per request, unique to this run: every
 * login arrives from a client of its own, as a crowd of real users does.
 */
export function benchIp(tag: string, n: number): string {
  return `${benchIpPrefix(tag)}${n.toString(16)}`;
}

export function benchIpPrefix(tag: string): string {
  return `2001:db8:${tag.slice(0, 4)}:${tag.slice(4, 8)}::`;
}
