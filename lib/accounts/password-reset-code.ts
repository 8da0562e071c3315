import { createHmac, hkdfSync, randomInt, timingSafeEqual } from "node:crypto";
import { config } from "@/lib/config";

/**
 * Reset codes: 6 random digits, stored only as an HMAC-SHA256 keyed with a key derived from
 * AUTH_SECRET and bound to the user, so the table alone (a backup, a read replica) reveals no
 * code, and one user's hash says nothing about another's.
 */

export function newResetCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, "0");
}

let cachedKey: { secret: string; key: Buffer } | undefined;

function hmacKey(): Buffer {
  const secret = config().authSecret;
  if (cachedKey?.secret !== secret) {
    cachedKey = { secret, key: Buffer.from(hkdfSync("sha256", secret, "", "accounts:password-reset-code", 32)) };
  }
  return cachedKey.key;
}

export function resetCodeHash(userId: string, code: string): string {
  return createHmac("sha256", hmacKey()).update(`${userId}:${code}`).digest("base64url");
}

/** Whether `code` is the one whose hash is stored, compared in constant time. */
export function resetCodeMatches(storedHash: string, userId: string, code: string): boolean {
  const expected = Buffer.from(storedHash, "base64url");
  const given = Buffer.from(resetCodeHash(userId, code), "base64url");
  return expected.length === given.length && timingSafeEqual(expected, given);
}
