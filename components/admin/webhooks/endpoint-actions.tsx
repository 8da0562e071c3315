"use client";

import { useState, useTransition } from "react";
import { toast } from "sonner";
import {
  deleteWebhookAction,
  retryDeliveryAction,
  sendTestWebhookAction,
  setWebhookEnabledAction,
} from "@/app/admin/webhooks/actions";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import type { FormState } from "@/lib/session/form-state";

/** Runs one action at a time; its success becomes a toast, its error stays on the page. */
function useAction() {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  const run = (action: () => Promise<FormState>) =>
    startTransition(async () => {
      const result = await action();
      setError(result.formError);
      if (result.success) toast.success(result.success);
    });
  return { pending, error, run };
}

/** Send a test event, disable or enable, delete (after a confirmation). */
export function EndpointActions({ id, url, enabled }: { id: string; url: string; enabled: boolean }) {
  const { pending, error, run } = useAction();
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="flex flex-col gap-3">
      <FormMessage>{error}</FormMessage>
      {confirming ? (
        <div role="group" aria-label="Confirm deletion" className="flex flex-wrap items-center gap-3 text-sm">
          <span>
            Delete the endpoint <span className="break-all">{url}</span> and its deliveries?
          </span>
          <Button
            type="button"
            variant="danger"
            autoFocus
            pending={pending}
            pendingText="Deleting…"
            onClick={() => run(() => deleteWebhookAction(id))}
          >
            Confirm delete
          </Button>
          <Button type="button" variant="ghost" onClick={() => setConfirming(false)}>
            Cancel
          </Button>
        </div>
      ) : (
        <div className="flex flex-wrap items-center gap-3">
          <Button
            type="button"
            variant="secondary"
            disabled={!enabled || pending}
            onClick={() => run(() => sendTestWebhookAction(id))}
          >
            Send test event
          </Button>
          <Button
            type="button"
            variant="secondary"
            disabled={pending}
            onClick={() => run(() => setWebhookEnabledAction(id, !enabled))}
          >
            {enabled ? "Disable" : "Enable"}
          </Button>
          <Button type="button" variant="danger" disabled={pending} onClick={() => setConfirming(true)}>
            Delete
          </Button>
        </div>
      )}
    </div>
  );
}

/** Try a failed delivery once more, with the same webhook-id. */
export function RetryDeliveryButton({ endpointId, deliveryId }: { endpointId: string; deliveryId: string }) {
  const { pending, error, run } = useAction();
  return (
    <span className="inline-flex flex-col gap-1">
      <Button
        type="button"
        variant="secondary"
        className="px-2.5 py-1 text-xs"
        pending={pending}
        onClick={() => run(() => retryDeliveryAction(endpointId, deliveryId))}
      >
        Retry<span className="sr-only"> delivery {deliveryId}</span>
      </Button>
      {error && <span className="text-xs text-red-700 dark:text-red-400">{error}</span>}
    </span>
  );
}
