import { Card } from "@/components/ui/card";
import { FormMessage } from "@/components/ui/form-message";
import { configuredProviders, providerName } from "@/lib/providers/catalog";
import { LINKED_ELSEWHERE, providerLinks } from "@/lib/providers/links";
import { ProviderRow } from "./provider-row";

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });

/**
 * The identity providers of /account/security: each configured one with Connect or Disconnect,
 * and any linked one no longer configured (which can still be disconnected). Nothing when there
 * are neither. `connected` and `error` are the provider callback's answer, from the URL.
 */
export async function ProvidersCard({
  userId,
  connected,
  error,
}: {
  userId: string;
  connected?: string;
  error?: string;
}) {
  const links = await providerLinks(userId);
  const configured = new Set<string>(configuredProviders().map((provider) => provider.id));
  const ids = [...new Set([...configured, ...links.map((link) => link.provider)])];
  if (ids.length === 0) return null;
  return (
    <Card
      heading="Sign-in providers"
      description="Accounts elsewhere that you can sign in with, besides your password and passkeys."
    >
      <FormMessage kind="success">
        {connected && links.some((link) => link.provider === connected)
          ? `${providerName(connected)} connected. You can sign in with it from now on.`
          : undefined}
      </FormMessage>
      <FormMessage>{error === "linked-elsewhere" ? LINKED_ELSEWHERE : undefined}</FormMessage>
      <ul className="flex flex-col divide-y divide-zinc-200 dark:divide-zinc-800">
        {ids.map((id) => {
          const link = links.find((candidate) => candidate.provider === id);
          return (
            <ProviderRow
              key={id}
              provider={id}
              name={providerName(id)}
              linkedOn={link ? dateFormat.format(link.linkedAt) : undefined}
              canConnect={configured.has(id)}
            />
          );
        })}
      </ul>
    </Card>
  );
}
