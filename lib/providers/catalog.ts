import { config } from "@/lib/config";

/**
 * The identity providers the app knows, and which of them this installation has configured.
 * The id is next-auth's provider id: it names the callback URL (/api/auth/callback/{id}) and the
 * `provider` column of the adapter's Account table, which holds the links.
 */

export const PROVIDER_IDS = ["github", "google", "oidc"] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

export type ProviderInfo = { id: ProviderId; name: string };

export const isProviderId = (value: unknown): value is ProviderId =>
  typeof value === "string" && (PROVIDER_IDS as readonly string[]).includes(value);

/** The configured providers, in a fixed order: each one's button reads "Continue with {name}". */
export function configuredProviders(): ProviderInfo[] {
  const { github, google, oidc } = config().providers;
  const providers: ProviderInfo[] = [];
  if (github) providers.push({ id: "github", name: "GitHub" });
  if (google) providers.push({ id: "google", name: "Google" });
  if (oidc) providers.push({ id: "oidc", name: oidc.name });
  return providers;
}

/** The callback URL to register at the provider, and the redirect_uri of every sign-in with it. */
export const providerCallbackUrl = (id: ProviderId) => `${config().appUrl}/api/auth/callback/${id}`;

/** A provider's name for people; a link to a provider no longer configured still has one. */
export function providerName(id: string): string {
  const configured = configuredProviders().find((provider) => provider.id === id);
  if (configured) return configured.name;
  return { github: "GitHub", google: "Google", oidc: "single sign-on" }[id] ?? id;
}
