"use client";

import { useRef, useState, useTransition, type FormEvent } from "react";
import { toast } from "sonner";
import { addWebhookAction, type AddWebhookState } from "@/app/admin/webhooks/actions";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { WEBHOOK_EVENTS } from "@/lib/webhooks/events";
import { EVENT_DESCRIPTIONS } from "./event-descriptions";

/**
 * Add an endpoint: URL, the events it wants, a description. Errors show beside their fields and
 * the values stay; on success the signing secret is shown this once, with a Copy button.
 */
export function AddWebhookForm() {
  const formRef = useRef<HTMLFormElement>(null);
  const [state, setState] = useState<AddWebhookState>({});
  const [pending, startTransition] = useTransition();
  const errors = state.fieldErrors ?? {};

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const values = {
      url: String(form.get("url") ?? ""),
      events: form.getAll("events").map(String),
      description: String(form.get("description") ?? ""),
    };
    startTransition(async () => {
      const result = await addWebhookAction(values);
      setState(result);
      if (result.success) {
        formRef.current?.reset();
        toast.success(result.success);
      }
    });
  }

  return (
    <div className="flex flex-col gap-4">
      {state.secret && <SecretOnce secret={state.secret} onDone={() => setState({})} />}
      <form ref={formRef} onSubmit={submit} noValidate className="flex flex-col gap-4" aria-label="Add an endpoint">
        <FormMessage>{state.formError}</FormMessage>
        <Field
          label="URL"
          name="url"
          type="url"
          inputMode="url"
          autoComplete="off"
          placeholder="https://example.com/webhooks"
          hint="Events are POSTed here. Only public addresses are allowed."
          error={errors.url?.[0]}
          required
        />
        <fieldset
          className="flex flex-col gap-2 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
          aria-describedby={errors.events ? "webhook-events-error" : undefined}
        >
          <legend className="px-1 text-sm font-semibold text-zinc-900 dark:text-zinc-100">Events</legend>
          <div className="grid gap-2 sm:grid-cols-2">
            {WEBHOOK_EVENTS.map((type) => (
              <label key={type} className="flex items-start gap-2 text-sm">
                <input type="checkbox" name="events" value={type} className="mt-0.5 size-4 shrink-0" />
                <span>
                  <code className="font-mono text-[0.8125rem]">{type}</code>
                  <span className="block text-zinc-600 dark:text-zinc-400">{EVENT_DESCRIPTIONS[type]}</span>
                </span>
              </label>
            ))}
          </div>
          {errors.events && (
            <p id="webhook-events-error" className="text-sm font-medium text-red-700 dark:text-red-400">
              {errors.events[0]}
            </p>
          )}
        </fieldset>
        <Field
          label="Description (optional)"
          name="description"
          autoComplete="off"
          maxLength={200}
          error={errors.description?.[0]}
        />
        <div>
          <Button pending={pending} pendingText="Adding…">
            Add endpoint
          </Button>
        </div>
      </form>
    </div>
  );
}

function SecretOnce({ secret, onDone }: { secret: string; onDone: () => void }) {
  return (
    <section
      aria-labelledby="webhook-secret-heading"
      className="flex flex-col gap-3 rounded-lg border border-amber-300 bg-amber-50 p-4 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
    >
      <h3 id="webhook-secret-heading" className="font-semibold">
        Signing secret
      </h3>
      <p className="text-sm">
        Copy it now: it is shown only this once. Your receiver needs it to check each request&apos;s signature.
      </p>
      <div className="flex flex-wrap items-center gap-3">
        <code className="rounded bg-white px-2 py-1 font-mono text-sm break-all text-zinc-900 dark:bg-zinc-900 dark:text-zinc-100">
          {secret}
        </code>
        <CopyButton text={secret} what="signing secret" />
      </div>
      <div>
        <Button type="button" variant="secondary" onClick={onDone}>
          I have copied it
        </Button>
      </div>
    </section>
  );
}
