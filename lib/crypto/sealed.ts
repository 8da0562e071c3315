import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { config } from "@/lib/config";

/**
 * Secrets the database must never hold in clear, sealed with AES-256-GCM under a key derived from
 * AUTH_SECRET, one key per purpose: queued e-mail bodies (a reset e-mail holds a live code),
 * authenticator-app secrets and webhook signing secrets. A backup or a read replica alone then reveals none.
 * Format: "v1.<iv>.<tag>.<ciphertext>", base64url parts.
 */

export type SealPurpose = "outbox-body" | "totp-secret" | "webhook-secret";

const VERSION = "v1";
let keys = { secret: "", byPurpose: new Map<SealPurpose, Buffer>() };

function key(purpose: SealPurpose): Buffer {
  const secret = config().authSecret;
  if (keys.secret !== secret) keys = { secret, byPurpose: new Map() };
  let derived = keys.byPurpose.get(purpose);
  if (!derived) {
    derived = Buffer.from(hkdfSync("sha256", secret, "", `accounts:${purpose}`, 32));
    keys.byPurpose.set(purpose, derived);
  }
  return derived;
}

export function seal(purpose: SealPurpose, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(purpose), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), body]
    .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
    .join(".");
}

/** Throws when the text was not sealed for this purpose with this AUTH_SECRET (e.g. the secret was rotated). */
export function unseal(purpose: SealPurpose, sealed: string): string {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== VERSION || iv === undefined || tag === undefined || body === undefined) {
    throw new Error(`the ${purpose} is not in the sealed format`);
  }
  const decipher = createDecipheriv("aes-256-gcm", key(purpose), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}
