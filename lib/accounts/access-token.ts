import { errors, jwtVerify, SignJWT } from "jose";
import { config } from "@/lib/config";

/**
 * API access tokens: HS256 JWTs signed with AUTH_SECRET. `ver` is the user's tokenVersion when
 * the token was issued; a reset, deactivation or deletion bumps it, which revokes every earlier token.
 */

const ISSUER = "accounts";
const API_AUDIENCE = "accounts-api";
/** A login ticket carries a verified sign-in from a server action into next-auth, and nothing else. */
const TICKET_AUDIENCE = "accounts-login-ticket";
const TICKET_TTL_SECONDS = 60;

export type AccessClaims = { userId: string; tokenVersion: number };

let keyCache: { secret: string; key: Promise<CryptoKey> } | undefined;

/**
 * Imported once per secret: given raw bytes, jose imports a WebCrypto key on every sign and
 * verify, which was half the cost of checking a token (bench/micro.ts).
 */
function signingKey(): Promise<CryptoKey> {
  const secret = config().authSecret;
  if (keyCache?.secret !== secret) {
    // Derived, so the API key differs from the one next-auth derives for session cookies.
    const raw = new TextEncoder().encode(`${secret}:api-access-token`);
    const key = crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    keyCache = { secret, key };
    // A failed import is not kept: the next call tries again.
    key.catch(() => {
      if (keyCache?.key === key) keyCache = undefined;
    });
  }
  return keyCache.key;
}

async function sign(claims: AccessClaims, audience: string, ttlSeconds: number): Promise<string> {
  return new SignJWT({ ver: claims.tokenVersion })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(claims.userId)
    .setIssuer(ISSUER)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(await signingKey());
}

export async function issueAccessToken(claims: AccessClaims): Promise<{ accessToken: string; expiresIn: number }> {
  const expiresIn = config().jwtTtlSeconds;
  return { accessToken: await sign(claims, API_AUDIENCE, expiresIn), expiresIn };
}

/** The token's claims, or undefined when it is malformed, forged, expired or of another kind. */
export function readAccessToken(token: string): Promise<AccessClaims | undefined> {
  return read(token, API_AUDIENCE);
}

export function issueLoginTicket(claims: AccessClaims): Promise<string> {
  return sign(claims, TICKET_AUDIENCE, TICKET_TTL_SECONDS);
}

export function readLoginTicket(ticket: string): Promise<AccessClaims | undefined> {
  return read(ticket, TICKET_AUDIENCE);
}

async function read(token: string, audience: string): Promise<AccessClaims | undefined> {
  try {
    const { payload } = await jwtVerify(token, await signingKey(), {
      algorithms: ["HS256"],
      issuer: ISSUER,
      audience,
    });
    if (typeof payload.sub !== "string" || typeof payload.ver !== "number") return undefined;
    return { userId: payload.sub, tokenVersion: payload.ver };
  } catch (error) {
    if (error instanceof errors.JOSEError || error instanceof TypeError) return undefined;
    throw error;
  }
}
