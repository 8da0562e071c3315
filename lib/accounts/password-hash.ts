import { availableParallelism } from "node:os";
import { hash, verify, type Algorithm } from "@node-rs/argon2";
import { concurrencyLimit } from "@/lib/concurrency-limit";

/**
 * Argon2id with OWASP's minimum (m = 19 MiB, t = 2, p = 1). @node-rs/argon2 hashes on libuv's
 * thread pool, so the event loop keeps serving while a password is checked.
 */
const ARGON2ID = 2 as Algorithm; // the package's const enum; isolated modules cannot read it
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/**
 * One hash per core at a time. libuv's pool has 4 threads: on a 2-core machine, 4 memory-hard
 * hashes at once share the cores and evict each other's memory from the caches, so each costs
 * more CPU (docs/BENCHMARKS.md has the figures), and four hashes' memory is held at the peak. Waiting here costs a login no more
 * than waiting for a core would, and leaves the pool's other threads free for the rest
 * (WebCrypto, compression, DNS, files). On globalThis because Next may load this module more
 * than once in one process (route handlers and server actions are bundled apart).
 */
const shared = globalThis as typeof globalThis & { __accountsHashingSlot?: ReturnType<typeof concurrencyLimit> };
const onHashingSlot = (shared.__accountsHashingSlot ??= concurrencyLimit(availableParallelism()));

export function hashPassword(password: string): Promise<string> {
  return onHashingSlot(() => hash(password, OPTIONS));
}

/** False for a wrong password and for a hash that cannot be read: both mean "no". */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await onHashingSlot(() => verify(passwordHash, password));
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the time of one real verification for an identifier that matched no user,
 * so the answer's timing does not tell whether the account exists.
 */
export async function verifyDummyPassword(password: string): Promise<false> {
  dummyHash ??= hashPassword("dummy password that matches nothing");
  await verifyPassword(await dummyHash, password);
  return false;
}
