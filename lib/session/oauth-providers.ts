import type { Provider } from "next-auth/providers";
import GitHub from "next-auth/providers/github";
import Google from "next-auth/providers/google";
import type { ProviderSettings } from "@/lib/config";
import type { ProviderId } from "@/lib/providers/catalog";
import type { ProviderIdentity } from "@/lib/providers/links";

/**
 * next-auth's providers for the configured identity providers. Each provider's id names its
 * callback, {APP_URL}/api/auth/callback/{id}. Before the app sees an identity, next-auth checks
 * what its `checks` name against the cookies it set when the sign-in started: PKCE binds the code to
 * this browser, `state` the answer to this sign-in (its default is PKCE alone), and `nonce` the ID
 * token; a callback tampered with or replayed fails them.
 */
export function oauthProviders(settings: ProviderSettings): Provider[] {
  const providers: Provider[] = [];
  if (settings.github) {
    providers.push(GitHub({ ...settings.github, checks: OAUTH_CHECKS, userinfo: { request: gitHubProfile } }));
  }
  if (settings.google) providers.push(Google({ ...settings.google, checks: OIDC_CHECKS }));
  if (settings.oidc) {
    const { issuer, clientId, clientSecret, name } = settings.oidc;
    providers.push({ id: "oidc", name, type: "oidc", issuer, clientId, clientSecret, checks: OIDC_CHECKS });
  }
  return providers;
}

const OAUTH_CHECKS: ("pkce" | "state" | "nonce")[] = ["pkce", "state"];
const OIDC_CHECKS: ("pkce" | "state" | "nonce")[] = ["pkce", "state", "nonce"];

const GITHUB_API = "https://api.github.com";

/**
 * GitHub's profile with its primary e-mail and whether GitHub verified it: its /user profile
 * shows only a public address, and never whether that was verified.
 */
async function gitHubProfile({ tokens }: { tokens: { access_token?: string } }) {
  const get = async (path: string) => {
    const response = await fetch(`${GITHUB_API}${path}`, {
      headers: {
        Authorization: `Bearer ${tokens.access_token}`,
        Accept: "application/vnd.github+json",
        "User-Agent": "accounts",
      },
    });
    if (!response.ok) throw new Error(`GitHub ${path} answered ${response.status}`);
    return response.json();
  };
  const [profile, emails] = await Promise.all([get("/user"), get("/user/emails")]);
  const primary = Array.isArray(emails) ? emails.find((entry) => entry?.primary === true) : undefined;
  return { ...profile, email: primary?.email ?? null, email_verified: primary?.verified === true };
}

/**
 * The identity a provider vouched for. `email_verified` is the OpenID Connect claim (Google's and
 * any OIDC provider's ID token; GitHub's as built above); some providers send it as a string.
 */
export function identityFromProvider(
  provider: ProviderId,
  providerAccountId: string,
  profile: Record<string, unknown> | undefined,
): ProviderIdentity {
  const email = typeof profile?.email === "string" && profile.email.trim() !== "" ? profile.email.trim() : undefined;
  const verified = profile?.email_verified === true || profile?.email_verified === "true";
  return { provider, providerAccountId, email, emailVerified: Boolean(email) && verified };
}
