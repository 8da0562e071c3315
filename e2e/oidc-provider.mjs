// A real OpenID Connect provider (oidc-provider) on loopback, for the "Sign in with an OIDC
// provider" tests. There is no account list: the e-mail address typed on its sign-in page is the
// identity, and decides the claims (see claimsFor). Each authorization request starts signed out
// at the provider, so the sign-in page shows every time and the test chooses who signs in.
import { generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import http from "node:http";
// The package's own in-memory store, made per provider; the default one is shared and warns.
import { createMemoryAdapter } from "oidc-provider/lib/adapters/memory_adapter.js";

const CLIENT_ID = "accounts-app";
const CLIENT_SECRET = "accounts-app-test-secret";
const MAX_FORM_BYTES = 16 * 1024;

export async function startOidcProvider({ redirectUris, port = 0, host = "127.0.0.1" }) {
  if (!Array.isArray(redirectUris) || redirectUris.length === 0) throw new TypeError("redirectUris: at least one URI");
  const { Provider } = await loadOidcProvider();

  let handle = (_req, res) => res.writeHead(503).end();
  const server = http.createServer((req, res) => handle(req, res));
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve(server.off("error", reject)));
  });
  const issuer = `http://${host.includes(":") ? `[${host}]` : host}:${server.address().port}`;

  // findAccount only gets the subject (the lower-cased login); the e-mail claim keeps the login as typed.
  const loginsBySubject = new Map();
  const provider = new Provider(issuer, {
    adapter: createMemoryAdapter(),
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: redirectUris,
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    responseTypes: ["code"],
    pkce: { required: () => true },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    // Scope claims go in the ID token too, not only userinfo: Auth.js reads the ID token.
    conformIdTokenClaims: false,
    // Tokens outlive the provider session, which the next authorization ends.
    expiresWithSession: () => false,
    findAccount: (_ctx, sub) => ({
      accountId: sub,
      claims: () => claimsFor(loginsBySubject.get(sub) ?? sub),
    }),
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: [randomBytes(32).toString("base64url")] },
    jwks: { keys: [signingKey()] },
    renderError: (ctx, out) => {
      ctx.type = "html";
      ctx.body = page(
        "Sign-in error",
        `<p role="alert">${escapeHtml(out.error)}: ${escapeHtml(out.error_description)}</p>`,
      );
    },
    // Set, so the package's "you should define this" notices stay quiet.
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 600, IdToken: 600, Interaction: 600, Session: 600 },
    clientBasedCORS: () => false,
  });
  provider.on("server_error", (_ctx, error) => console.error("test OIDC provider:", error));

  // A new authorization request ends any earlier sign-in at the provider, so the login prompt
  // always shows and a different identity never meets the provider's "switch account" logout page.
  const authorizationPath = new URL(provider.urlFor("authorization")).pathname;
  provider.use(async (ctx, next) => {
    if (ctx.path === authorizationPath) {
      const session = await provider.Session.get(ctx);
      if (!session.new) await session.destroy();
    }
    await next();
  });

  const providerHandler = provider.callback();
  const interactions = interactionHandlers(provider, loginsBySubject);
  handle = (req, res) => {
    const { pathname } = new URL(req.url ?? "/", issuer);
    const uid = /^\/interaction\/([\w-]+)$/.exec(pathname)?.[1];
    if (!uid) return providerHandler(req, res);
    interactions(req, res, uid).catch((error) => {
      if (error?.name === "SessionNotFound")
        return sendHtml(res, 400, page("Sign-in expired", `<p role="alert">${escapeHtml(error.message)}</p>`));
      console.error("test OIDC provider:", error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  };

  return {
    issuer,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** The claims a login (an e-mail address) stands for. */
export function claimsFor(login) {
  const localPart = login.slice(0, login.lastIndexOf("@"));
  return {
    sub: login.toLowerCase(),
    email: login,
    email_verified: !localPart.toLowerCase().startsWith("unverified"),
    name: localPart,
  };
}

function interactionHandlers(provider, loginsBySubject) {
  async function grantAndFinish(req, res, interaction, accountId) {
    // A new login always gets a grant of its own; a consent adds to the signed-in account's grant.
    const grant =
      interaction.prompt.name === "consent" && interaction.grantId
        ? await provider.Grant.find(interaction.grantId)
        : new provider.Grant({ accountId, clientId: interaction.params.client_id });
    grant.addOIDCScope(String(interaction.params.scope ?? "openid"));
    const { missingOIDCClaims, missingResourceScopes = {} } = interaction.prompt.details;
    if (missingOIDCClaims) grant.addOIDCClaims(missingOIDCClaims);
    for (const [resource, scopes] of Object.entries(missingResourceScopes))
      grant.addResourceScope(resource, scopes.join(" "));
    const grantId = await grant.save();
    const result =
      interaction.prompt.name === "login" ? { login: { accountId }, consent: { grantId } } : { consent: { grantId } };
    await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
  }

  return async (req, res, uid) => {
    const interaction = await provider.interactionDetails(req, res);
    if (interaction.uid !== uid)
      return sendHtml(res, 400, page("Sign-in expired", `<p role="alert">Unknown sign-in.</p>`));
    const { name } = interaction.prompt;

    // Only consent is missing (the account is already signed in): grant what was asked.
    if (name === "consent") return grantAndFinish(req, res, interaction, interaction.session.accountId);
    if (name !== "login")
      return sendHtml(res, 400, page("Sign-in error", `<p role="alert">Unsupported prompt ${escapeHtml(name)}.</p>`));

    if (req.method === "GET") return sendHtml(res, 200, loginPage(uid));
    if (req.method !== "POST") return sendHtml(res, 405, page("Method not allowed", ""));
    const login = (await readForm(req)).get("login")?.trim() ?? "";
    if (!/^[^@\s]+@[^@\s]+$/.test(login)) return sendHtml(res, 400, loginPage(uid, login, "Enter an email address."));
    const { sub } = claimsFor(login);
    loginsBySubject.set(sub, login);
    return grantAndFinish(req, res, interaction, sub);
  };
}

function loginPage(uid, login = "", error = "") {
  const alert = error ? `<p id=login-error role=alert>${escapeHtml(error)}</p>` : "";
  return page(
    "Test identity provider",
    `<form method=post action="/interaction/${escapeHtml(uid)}">
  <label for=login>Email</label>
  <input id=login name=login type=email required autofocus value="${escapeHtml(login)}"${error ? " aria-invalid=true aria-describedby=login-error" : ""}>
  ${alert}
  <button type=submit>Continue</button>
</form>`,
  );
}

function page(heading, body) {
  return `<!doctype html>
<html lang=en>
<head><meta charset=utf-8><meta name=viewport content="width=device-width, initial-scale=1"><title>${escapeHtml(heading)}</title></head>
<body><main>
<h1>Test identity provider</h1>
${heading === "Test identity provider" ? "" : `<h2>${escapeHtml(heading)}</h2>`}
${body}
</main></body>
</html>`;
}

function sendHtml(res, status, html) {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  res.end(html);
}

async function readForm(req) {
  let body = "";
  for await (const chunk of req) {
    body += chunk;
    if (body.length > MAX_FORM_BYTES) return new URLSearchParams();
  }
  return new URLSearchParams(body);
}

function escapeHtml(value) {
  return String(value ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function signingKey() {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { ...privateKey.export({ format: "jwk" }), kid: randomUUID(), alg: "RS256", use: "sig" };
}

let providerModule;
function loadOidcProvider() {
  // On import the package warns that Node 20 is not a release it supports; it runs on it, and the
  // warning would be the only output of every run. Only that warning is dropped.
  providerModule ??= (async () => {
    const warn = console.warn;
    console.warn = (...args) => {
      if (!String(args[0]).includes("oidc-provider WARNING: Unsupported runtime")) warn(...args);
    };
    try {
      return await import("oidc-provider");
    } finally {
      console.warn = warn;
    }
  })();
  return providerModule;
}
