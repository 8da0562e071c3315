import { createHmac } from "node:crypto";
import { errors, jwtVerify } from "jose";
import { config } from "@/lib/config";

/**
 * API access tokens: HS256 JWTs signed with AUTH_SECRET. `sid` names the token's session
 * (lib/sessions/sessions.ts): the token works only while that session is live.
 */

const ISSUER = "accounts";
const API_AUDIENCE = "accounts-api";
/** A login ticket carries a verified sign-in from a server action into next-auth, and nothing else. */
const TICKET_AUDIENCE = "accounts-login-ticket";
const TICKET_TTL_SECONDS = 60;

export type AccessClaims = { userId: string; sessionId: string };

/** Derived, so the API key differs from the one next-auth derives for session cookies. */
const keyBytes = (secret: string) => new TextEncoder().encode(`${secret}:api-access-token`);

let keyCache: { secret: string; key: Promise<CryptoKey> } | undefined;

/**
 * The key jose verifies with, imported once per secret: given raw bytes, jose imports a
 * WebCrypto key on every verify, which costs as much as the check itself (bench/micro.ts).
 */
function verifyingKey(): Promise<CryptoKey> {
  const secret = config().authSecret;
  if (keyCache?.secret !== secret) {
    const key = crypto.subtle.importKey("raw", keyBytes(secret), { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
    keyCache = { secret, key };
    // A failed import is not kept: the next call tries again.
    key.catch(() => {
      if (keyCache?.key === key) keyCache = undefined;
    });
  }
  return keyCache.key;
}

const HEADER = Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" })).toString("base64url");

/**
 * A compact HS256 JWT, signed here with node:crypto's HMAC, which runs at once: WebCrypto (what
 * jose signs with) sends each signature to a thread pool and waits for it, and on few cores that
 * wake-up costs a login far more than the HMAC itself (docs/BENCHMARKS.md). jose verifies them.
 */
function sign(claims: AccessClaims, audience: string, ttlSeconds: number): string {
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    sub: claims.userId,
    sid: claims.sessionId,
    iss: ISSUER,
    aud: audience,
    iat: now,
    exp: now + ttlSeconds,
  };
  const signed = `${HEADER}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}`;
  return `${signed}.${createHmac("sha256", keyBytes(config().authSecret)).update(signed).digest("base64url")}`;
}

export async function issueAccessToken(claims: AccessClaims): Promise<{ accessToken: string; expiresIn: number }> {
  const expiresIn = config().jwtTtlSeconds;
  return { accessToken: sign(claims, API_AUDIENCE, expiresIn), expiresIn };
}

/**
 * Access tokens already verified, by their text. An API client sends the same token with every
 * request, and checking its HMAC through WebCrypto is a large share of a GET /api/auth/me's CPU
 * (a CPU profile of the server shows it). Only tokens that passed jwtVerify are kept, with their expiry,
 * which is checked again on each use. Revocation is untouched: the caller still reads the
 * session and the user from the database on every request.
 */
const VERIFIED_MAX = 10_000;
let verified = { secret: "", tokens: new Map<string, { claims: AccessClaims; expiresAt: number }>() };

/** The token's claims, or undefined when it is malformed, forged, expired or of another kind. */
export async function readAccessToken(token: string): Promise<AccessClaims | undefined> {
  const secret = config().authSecret;
  if (verified.secret !== secret) verified = { secret, tokens: new Map() };
  const known = verified.tokens.get(token);
  if (known && Date.now() / 1000 < known.expiresAt) return known.claims;
  if (known) verified.tokens.delete(token);
  const read = await readToken(token, API_AUDIENCE);
  if (!read?.expiresAt) return read?.claims;
  // The oldest entry makes room: a Map iterates in insertion order.
  if (verified.tokens.size >= VERIFIED_MAX) verified.tokens.delete(verified.tokens.keys().next().value!);
  verified.tokens.set(token, { claims: read.claims, expiresAt: read.expiresAt });
  return read.claims;
}

export async function issueLoginTicket(claims: AccessClaims): Promise<string> {
  return sign(claims, TICKET_AUDIENCE, TICKET_TTL_SECONDS);
}

export async function readLoginTicket(ticket: string): Promise<AccessClaims | undefined> {
  return (await readToken(ticket, TICKET_AUDIENCE))?.claims;
}

async function readToken(
  token: string,
  audience: string,
): Promise<{ claims: AccessClaims; expiresAt?: number } | undefined> {
  try {
    const { payload } = await jwtVerify(token, await verifyingKey(), {
      algorithms: ["HS256"],
      issuer: ISSUER,
      audience,
    });
    if (typeof payload.sub !== "string" || typeof payload.sid !== "string") return undefined;
    return { claims: { userId: payload.sub, sessionId: payload.sid }, expiresAt: payload.exp };
  } catch (error) {
    if (error instanceof errors.JOSEError || error instanceof TypeError) return undefined;
    throw error;
  }
}
