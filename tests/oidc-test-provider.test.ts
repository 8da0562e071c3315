import { createHash, randomBytes } from "node:crypto";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error -- plain JavaScript (node runs it for the e2e server too); typed below
import { startOidcProvider as startUntyped } from "../e2e/oidc-provider.mjs";

/**
 * The test OpenID Connect provider (e2e/oidc-provider.mjs) driven as a browser and a relying
 * party drive it: plain fetch, no redirects followed, a cookie jar, the authorization-code flow
 * with PKCE and a client secret, as Auth.js runs it for the app's "oidc" provider.
 */

type TestOidcProvider = { issuer: string; clientId: string; clientSecret: string; close: () => Promise<void> };
const startOidcProvider: (options: {
  redirectUris: string[];
  port?: number;
  host?: string;
}) => Promise<TestOidcProvider> = startUntyped;

const REDIRECT_URI = "http://127.0.0.1:9/callback";
let provider: TestOidcProvider;

beforeAll(async () => {
  provider = await startOidcProvider({ redirectUris: [REDIRECT_URI] });
});
afterAll(() => provider?.close());

/** The cookies a browser would keep: by name and path, sent where the path matches. */
class CookieJar {
  private cookies = new Map<string, { name: string; value: string; path: string }>();

  header(url: URL): string {
    return [...this.cookies.values()]
      .filter((cookie) => url.pathname.startsWith(cookie.path))
      .map((cookie) => `${cookie.name}=${cookie.value}`)
      .join("; ");
  }

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";").map((part) => part.trim());
      const [name, value] = [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)];
      const attribute = (key: string) =>
        attributes.find((a) => a.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1);
      const path = attribute("path") ?? "/";
      const expires = attribute("expires");
      if (!value || (expires && Date.parse(expires) <= Date.now())) this.cookies.delete(`${name};${path}`);
      else this.cookies.set(`${name};${path}`, { name, value, path });
    }
  }
}

async function browse(jar: CookieJar, url: string | URL, init: RequestInit = {}): Promise<Response> {
  const target = new URL(url, provider.issuer);
  const headers = new Headers(init.headers);
  const cookie = jar.header(target);
  if (cookie) headers.set("cookie", cookie);
  const response = await fetch(target, { ...init, headers, redirect: "manual" });
  jar.store(response);
  return response;
}

function location(response: Response): URL {
  expect(response.status, `a redirect, got ${response.status}`).toBeGreaterThanOrEqual(300);
  expect(response.status).toBeLessThan(400);
  return new URL(response.headers.get("location")!, provider.issuer);
}

type Authorization = { code: string; verifier: string; nonce: string };

function authorizationUrl(params: Record<string, string>): URL {
  const url = new URL("/auth", provider.issuer);
  for (const [key, value] of Object.entries({
    client_id: provider.clientId,
    response_type: "code",
    scope: "openid email profile",
    redirect_uri: REDIRECT_URI,
    ...params,
  }))
    url.searchParams.set(key, value);
  return url;
}

/** Authorize → the sign-in form → the login typed → redirects until the client's redirect URI. */
async function authorize(jar: CookieJar, login: string): Promise<Authorization> {
  const verifier = randomBytes(32).toString("base64url");
  const state = randomBytes(16).toString("base64url");
  const nonce = randomBytes(16).toString("base64url");
  const challenge = createHash("sha256").update(verifier).digest("base64url");
  let next = location(
    await browse(jar, authorizationUrl({ state, nonce, code_challenge: challenge, code_challenge_method: "S256" })),
  );

  expect(next.pathname).toMatch(/^\/interaction\/[\w-]+$/);
  const form = await browse(jar, next);
  expect(form.status).toBe(200);
  const html = await form.text();
  expect(html).toContain("<h1>Test identity provider</h1>");
  expect(html).toMatch(/<label for=login>Email<\/label>\s*<input id=login name=login type=email required/);
  expect(html).toContain("<button type=submit>Continue</button>");

  next = location(
    await browse(jar, next, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ login }),
    }),
  );
  for (let hops = 0; !next.href.startsWith(REDIRECT_URI); hops++) {
    expect(hops, `still redirecting at ${next.href}`).toBeLessThan(5);
    expect(next.origin).toBe(provider.issuer);
    next = location(await browse(jar, next));
  }

  expect(next.searchParams.get("error")).toBeNull();
  expect(next.searchParams.get("state")).toBe(state);
  expect(next.searchParams.get("iss")).toBe(provider.issuer);
  const code = next.searchParams.get("code");
  expect(code).toBeTruthy();
  return { code: code!, verifier, nonce };
}

function redeem(code: string, verifier: string, secret = provider.clientSecret): Promise<Response> {
  const credentials = Buffer.from(`${provider.clientId}:${secret}`).toString("base64");
  return fetch(new URL("/token", provider.issuer), {
    method: "POST",
    headers: { authorization: `Basic ${credentials}`, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
    }),
  });
}

type Tokens = { id_token: string; access_token: string; token_type: string };

async function signIn(jar: CookieJar, login: string): Promise<{ tokens: Tokens; nonce: string }> {
  const { code, verifier, nonce } = await authorize(jar, login);
  const response = await redeem(code, verifier);
  expect(response.status).toBe(200);
  return { tokens: (await response.json()) as Tokens, nonce };
}

describe("test OIDC provider", () => {
  it("publishes discovery for the issuer it runs at", async () => {
    expect(provider.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(new URL("/.well-known/openid-configuration", provider.issuer));
    expect(response.status).toBe(200);
    const metadata = await response.json();
    expect(metadata).toMatchObject({
      issuer: provider.issuer,
      authorization_endpoint: `${provider.issuer}/auth`,
      token_endpoint: `${provider.issuer}/token`,
      jwks_uri: `${provider.issuer}/jwks`,
      response_types_supported: ["code"],
      code_challenge_methods_supported: ["S256"],
    });
    expect(metadata.scopes_supported).toEqual(expect.arrayContaining(["openid", "email", "profile"]));
    expect(metadata.token_endpoint_auth_methods_supported).toContain("client_secret_basic");
  });

  it("signs in whoever is typed, asking again on every authorization in the same browser", async () => {
    const jar = new CookieJar();
    const ada = await signIn(jar, "Ada@Example.com");
    expect(ada.tokens.token_type).toBe("Bearer");
    expect(decodeJwt(ada.tokens.id_token)).toMatchObject({
      iss: provider.issuer,
      aud: provider.clientId,
      nonce: ada.nonce,
      sub: "ada@example.com",
      email: "Ada@Example.com",
      email_verified: true,
      name: "Ada",
    });

    const bob = await signIn(jar, "unverified.bob@example.com");
    expect(decodeJwt(bob.tokens.id_token)).toMatchObject({
      sub: "unverified.bob@example.com",
      email: "unverified.bob@example.com",
      email_verified: false,
      name: "unverified.bob",
    });

    // Ada's access token still works once Bob's sign-in has ended her session at the provider.
    const userinfo = await fetch(new URL("/me", provider.issuer), {
      headers: { authorization: `Bearer ${ada.tokens.access_token}` },
    });
    expect(userinfo.status).toBe(200);
    expect(await userinfo.json()).toEqual({
      sub: "ada@example.com",
      email: "Ada@Example.com",
      email_verified: true,
      name: "Ada",
    });
  });

  it("refuses a wrong client secret at the token endpoint", async () => {
    const { code, verifier } = await authorize(new CookieJar(), "ada@example.com");
    const refused = await redeem(code, verifier, "not-the-secret");
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: "invalid_client" });
    // The code itself was good: the secret was the only thing wrong.
    expect((await redeem(code, verifier)).status).toBe(200);
  });

  it("requires PKCE: no code challenge, no code; a wrong verifier, no tokens", async () => {
    const jar = new CookieJar();
    const refused = location(await browse(jar, authorizationUrl({ state: "s" })));
    expect(refused.href.startsWith(REDIRECT_URI)).toBe(true);
    expect(refused.searchParams.get("error")).toBe("invalid_request");
    expect(refused.searchParams.get("code")).toBeNull();

    const { code } = await authorize(jar, "ada@example.com");
    const response = await redeem(code, randomBytes(32).toString("base64url"));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "invalid_grant" });
  });

  it("shows the form again, with an error, for a login that is not an email address", async () => {
    const jar = new CookieJar();
    const next = location(
      await browse(jar, authorizationUrl({ code_challenge: "x".repeat(43), code_challenge_method: "S256" })),
    );
    const response = await browse(jar, next, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ login: "ada" }),
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("<p id=login-error role=alert>Enter an email address.</p>");
    expect(html).toContain('value="ada"');
  });
});
