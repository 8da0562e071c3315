"use client";

import { useState, useTransition } from "react";
import { connectProviderAction, disconnectProviderAction } from "@/app/(account)/account/security/provider-actions";
import { Button } from "@/components/ui/button";
import { FormMessages } from "@/components/ui/form-message";
import type { FormState } from "@/lib/session/form-state";

/** One provider: connected since when, and "Disconnect {name}"; or not connected, and "Connect {name}". */
export function ProviderRow({
  provider,
  name,
  linkedOn,
  canConnect,
}: {
  provider: string;
  name: string;
  linkedOn?: string;
  canConnect: boolean;
}) {
  const [state, setState] = useState<FormState>({});
  const [pending, startTransition] = useTransition();

  function run(action: (provider: string) => Promise<FormState>) {
    startTransition(async () => {
      setState({});
      // Connect leaves the page for the provider; Disconnect answers here.
      setState((await action(provider)) ?? {});
    });
  }

  return (
    <li className="flex flex-col gap-3 py-4 first:pt-0 last:pb-0">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <div className="flex flex-col gap-0.5">
          <p className="font-medium text-zinc-900 dark:text-zinc-100">{name}</p>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            {linkedOn ? `Connected on ${linkedOn}` : "Not connected"}
          </p>
        </div>
        {linkedOn ? (
          <Button type="button" variant="secondary" pending={pending} onClick={() => run(disconnectProviderAction)}>
            Disconnect {name}
          </Button>
        ) : (
          canConnect && (
            <Button type="button" pending={pending} onClick={() => run(connectProviderAction)}>
              Connect {name}
            </Button>
          )
        )}
      </div>
      <FormMessages server={state} />
    </li>
  );
}
