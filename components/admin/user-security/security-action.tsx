"use client";

import { useEffect, useId, useRef, useState, useTransition } from "react";
import { toast } from "sonner";
import { focusOnMount } from "@/components/account/two-factor/focus-on-mount";
import { Button } from "@/components/ui/button";
import type { ButtonVariant } from "@/components/ui/button-styles";
import { FormMessage } from "@/components/ui/form-message";
import { InlineForm } from "@/components/ui/inline-form";
import type { FormState } from "@/lib/session/form-state";

export type SecurityActionProps = {
  title: string;
  /** What it does, shown under the title. */
  description: string;
  /** The button that opens the confirmation, and the confirmation's own. */
  button: string;
  confirm: { question: string; submit: string };
  variant?: Extract<ButtonVariant, "primary" | "danger">;
  /** Why it cannot be used on this account, shown beside the disabled button. */
  disabledReason?: string;
  run: () => Promise<FormState>;
};

const firstError = (state: FormState) =>
  state.formError ?? Object.values(state.fieldErrors ?? {}).flat()[0] ?? undefined;

/**
 * One security action of a user's page: its button opens an in-place confirmation (Escape or
 * Cancel closes it, and focus goes back to the button); done, a toast says what happened and the
 * page's data is refreshed by the action. A refusal stays beside the button.
 */
export function SecurityAction({
  title,
  description,
  button,
  confirm,
  variant = "primary",
  disabledReason,
  run,
}: SecurityActionProps) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  const opener = useRef<HTMLButtonElement>(null);
  const describedBy = useId();
  const reasonId = useId();

  // Focus goes back to the button once the confirmation has closed.
  const returnFocus = useRef(false);
  useEffect(() => {
    if (confirming || !returnFocus.current) return;
    returnFocus.current = false;
    opener.current?.focus();
  }, [confirming]);

  function close() {
    returnFocus.current = true;
    setConfirming(false);
  }

  function submit(event: React.FormEvent) {
    event.preventDefault();
    startTransition(async () => {
      const state = await run();
      const failure = firstError(state);
      setError(failure);
      if (!failure) toast.success(state.success ?? "Done.");
      close();
    });
  }

  return (
    <li className="flex flex-col gap-3 py-4 first:pt-0 last:pb-0">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div id={describedBy} className="flex min-w-0 flex-col gap-1">
          <h3 className="font-medium text-zinc-900 dark:text-zinc-100">{title}</h3>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">{description}</p>
        </div>
        {!confirming && (
          <div className="flex shrink-0 flex-col gap-1 sm:max-w-64 sm:items-end">
            <Button
              ref={opener}
              type="button"
              variant={variant === "danger" ? "danger" : "secondary"}
              disabled={disabledReason !== undefined}
              aria-describedby={disabledReason ? `${describedBy} ${reasonId}` : describedBy}
              onClick={() => {
                setError(undefined);
                setConfirming(true);
              }}
            >
              {button}
            </Button>
            {disabledReason && (
              <p id={reasonId} className="text-sm text-zinc-600 sm:text-right dark:text-zinc-400">
                {disabledReason}
              </p>
            )}
          </div>
        )}
      </div>
      {confirming && (
        <InlineForm
          label={`Confirm: ${title}`}
          submit={confirm.submit}
          variant={variant}
          pending={pending}
          onSubmit={submit}
          onCancel={close}
        >
          <p ref={focusOnMount} tabIndex={-1} className="text-sm text-zinc-900 outline-none dark:text-zinc-100">
            {confirm.question}
          </p>
        </InlineForm>
      )}
      <FormMessage>{error}</FormMessage>
    </li>
  );
}
