import { createHmac, hkdfSync, randomInt } from "node:crypto";
import { config } from "@/lib/config";
import type { Tx } from "@/lib/db/transaction";

/**
 * Recovery codes: 10 single-use codes that stand in for the authenticator app. Each is 10
 * characters of a 31-letter alphabet (about 50 random bits), shown once as "xxxxx-xxxxx" and stored
 * only as an HMAC keyed from AUTH_SECRET and bound to the user: at 50 bits a slow hash adds
 * nothing, and the key keeps a table read alone from checking guesses.
 */

export const RECOVERY_CODE_COUNT = 10;
// No 0/o, 1/l/i, so a code copied by hand reads back the same.
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

let key = { secret: "", bytes: Buffer.alloc(0) };

function hmacKey(): Buffer {
  const secret = config().authSecret;
  if (key.secret !== secret) {
    key = { secret, bytes: Buffer.from(hkdfSync("sha256", secret, "", "accounts:recovery-code", 32)) };
  }
  return key.bytes;
}

/** What the user typed, as it was issued: case, spaces and dashes do not matter. */
export function normalizeRecoveryCode(typed: string): string {
  return typed.toLowerCase().replace(/[\s-]/g, "");
}

export function recoveryCodeHash(userId: string, code: string): string {
  return createHmac("sha256", hmacKey())
    .update(`${userId}:${normalizeRecoveryCode(code)}`)
    .digest("base64url");
}

function newRecoveryCode(): string {
  const chars = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return `${chars.slice(0, 5).join("")}-${chars.slice(5).join("")}`;
}

/** A new set for the user, replacing (voiding) the old one, in the caller's transaction. Returns the codes to show once. */
export async function replaceRecoveryCodes(tx: Tx, userId: string): Promise<string[]> {
  const codes = new Set<string>();
  while (codes.size < RECOVERY_CODE_COUNT) codes.add(newRecoveryCode());
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.recoveryCode.createMany({
    data: [...codes].map((code) => ({ userId, codeHash: recoveryCodeHash(userId, code) })),
  });
  return [...codes];
}

/**
 * Spends one of the user's unused codes. One conditional UPDATE: of two requests racing with
 * the same code, the second waits for the first's row lock, sees it used and updates nothing.
 */
export async function spendRecoveryCode(tx: Tx, userId: string, typed: string): Promise<boolean> {
  const spent = await tx.recoveryCode.updateMany({
    where: { userId, codeHash: recoveryCodeHash(userId, typed), usedAt: null },
    data: { usedAt: new Date() },
  });
  return spent.count === 1;
}
