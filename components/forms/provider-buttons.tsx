"use client";

import { continueWithProviderAction } from "@/app/(auth)/sign-in/provider-actions";
import { Button } from "@/components/ui/button";
import { OrDivider } from "@/components/ui/or-divider";
import type { ProviderInfo } from "@/lib/providers/catalog";

/**
 * "Continue with {name}", one button per configured provider, above a form's own fields and
 * parted from them by "or"; nothing when no provider is configured.
 */
export function ProviderButtons({ providers, next }: { providers: ProviderInfo[]; next?: string }) {
  if (providers.length === 0) return null;
  return (
    <div className="flex flex-col gap-3">
      {providers.map((provider) => (
        <form key={provider.id} action={continueWithProviderAction.bind(null, provider.id, next)}>
          <Button variant="secondary" className="w-full" pendingText={`Opening ${provider.name}…`}>
            Continue with {provider.name}
          </Button>
        </form>
      ))}
      <OrDivider />
    </div>
  );
}
