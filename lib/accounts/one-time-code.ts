import { createHmac, hkdfSync, randomInt, timingSafeEqual } from "node:crypto";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import type { Tx } from "@/lib/db/transaction";
import type { CodePurpose, Prisma } from "@/lib/generated/prisma/client";

/**
 * E-mailed one-time codes (password reset, e-mail verification): 6 random digits, one live code
 * per user and purpose, valid OTP_TTL_SECONDS, at most OTP_MAX_ATTEMPTS wrong tries, spent once.
 * Stored only as an HMAC-SHA256 keyed per purpose from AUTH_SECRET and bound to the user, so the
 * table alone (a backup, a read replica) reveals no code, one user's hash says nothing about
 * another's, and a reset code is never a verification code.
 *
 * Every state change is one conditional UPDATE, so concurrent requests (on one instance or many)
 * are decided by the database, not by a read followed by a write.
 */

export type { CodePurpose };

/** A live code as counted by reserveAttempt: enough to compare it and to fence off a replacement. */
export type CodeClaim = { id: string; codeHash: string; email: string | null };

export function newCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, "0");
}

/** One key per purpose, derived once per secret. */
let keys = { secret: "", byPurpose: new Map<CodePurpose, Buffer>() };

function hmacKey(purpose: CodePurpose): Buffer {
  const secret = config().authSecret;
  if (keys.secret !== secret) keys = { secret, byPurpose: new Map() };
  let key = keys.byPurpose.get(purpose);
  if (!key) {
    // The reset key's name predates the other purposes; codes live at an upgrade keep working.
    const info = purpose === "password_reset" ? "accounts:password-reset-code" : `accounts:${purpose}-code`;
    key = Buffer.from(hkdfSync("sha256", secret, "", info, 32));
    keys.byPurpose.set(purpose, key);
  }
  return key;
}

export function codeHash(purpose: CodePurpose, userId: string, code: string): string {
  return createHmac("sha256", hmacKey(purpose)).update(`${userId}:${code}`).digest("base64url");
}

/** Whether `code` is the one whose hash is stored, compared in constant time. */
export function codeMatches(purpose: CodePurpose, storedHash: string, userId: string, code: string): boolean {
  const expected = Buffer.from(storedHash, "base64url");
  const given = Buffer.from(codeHash(purpose, userId, code), "base64url");
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * A new code for the user and purpose, replacing any earlier one, written in the caller's
 * transaction (with the e-mail that carries it). Returns the code, to be mailed and forgotten.
 */
export async function issueCode(
  tx: Tx,
  { userId, purpose, email = null }: { userId: string; purpose: CodePurpose; email?: string | null },
): Promise<string> {
  const code = newCode();
  const now = new Date();
  const fresh = {
    email,
    codeHash: codeHash(purpose, userId, code),
    expiresAt: new Date(now.getTime() + config().otpTtlSeconds * 1000),
    attempts: 0,
    usedAt: null,
    createdAt: now,
  };
  await tx.oneTimeCode.upsert({
    where: { userId_purpose: { userId, purpose } },
    create: { userId, purpose, ...fresh },
    update: fresh,
    select: { id: true },
  });
  return code;
}

/** The user's live code of `purpose`: unspent, unexpired, not voided by wrong tries. */
export function liveCodeWhere(userId: string, purpose: CodePurpose): Prisma.OneTimeCodeWhereInput {
  return { userId, purpose, usedAt: null, expiresAt: { gt: new Date() }, attempts: { lt: config().otpMaxAttempts } };
}

/** Counts one attempt on the user's live code and returns it; undefined when none is live. */
export async function reserveAttempt(userId: string, purpose: CodePurpose): Promise<CodeClaim | undefined> {
  const db = await getDb();
  const [claim] = await db.oneTimeCode.updateManyAndReturn({
    where: liveCodeWhere(userId, purpose),
    data: { attempts: { increment: 1 } },
    select: { id: true, codeHash: true, email: true },
  });
  return claim;
}

/** A right code is not a wrong try; the hash fences off a code replaced meanwhile. */
export async function giveBackAttempt(claim: CodeClaim): Promise<void> {
  const db = await getDb();
  await db.oneTimeCode.updateMany({
    where: { id: claim.id, codeHash: claim.codeHash, attempts: { gt: 0 } },
    data: { attempts: { decrement: 1 } },
  });
}

/**
 * Spends the claimed code in the caller's transaction; false when it was spent, replaced or
 * expired meanwhile. The conditional spend is the final word: of two uses racing with one code,
 * exactly one finds a row to update.
 */
export async function spendCode(tx: Tx, claim: CodeClaim): Promise<boolean> {
  const spent = await tx.oneTimeCode.updateMany({
    where: { id: claim.id, codeHash: claim.codeHash, usedAt: null, expiresAt: { gt: new Date() } },
    data: { usedAt: new Date() },
  });
  return spent.count === 1;
}
