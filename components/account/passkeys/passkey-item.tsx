"use client";

import { useEffect, useId, useRef, useState, useTransition, type ReactNode } from "react";
import { removePasskeyAction } from "@/app/(account)/account/security/passkey-actions";
import { focusOnMount } from "@/components/account/two-factor/focus-on-mount";
import { answerError } from "@/components/forms/passkey-ceremony-error";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { RenamePasskeyForm } from "./rename-passkey-form";

type Mode = "idle" | "rename" | "remove";

/**
 * One passkey of the list: its name and dates (rendered by the server, as `details`), and Rename
 * (an inline form) and Remove (after a confirmation). After either, focus returns to the row's buttons.
 */
export function PasskeyItem({
  id,
  name,
  details,
  onRemoved,
}: {
  id: string;
  name: string;
  details: ReactNode;
  onRemoved: (message: string) => void;
}) {
  const [mode, setMode] = useState<Mode>("idle");
  const [notice, setNotice] = useState<{ kind: "success" | "error"; text: string }>();
  const [removing, startRemoving] = useTransition();
  const renameButton = useRef<HTMLButtonElement>(null);
  const describedBy = useId();

  // Set when a step closes: once the row's buttons are back (after the page's refresh), focus goes
  // to Rename, so keyboard users are not lost.
  const returnFocus = useRef(false);
  useEffect(() => {
    if (mode !== "idle" || !returnFocus.current) return;
    returnFocus.current = false;
    renameButton.current?.focus();
  }, [mode]);

  function backToIdle(message?: { kind: "success" | "error"; text: string }) {
    returnFocus.current = true;
    setNotice(message);
    setMode("idle");
  }

  function remove() {
    startRemoving(async () => {
      const state = await removePasskeyAction(id);
      const error = answerError(state);
      if (error) backToIdle({ kind: "error", text: error });
      // The row goes with the page's refresh; the list says so, where focus goes.
      else onRemoved(state.success ?? "Passkey removed.");
    });
  }

  return (
    <li className="flex flex-col gap-3 py-4 first:pt-0">
      {mode === "rename" ? (
        <RenamePasskeyForm
          id={id}
          name={name}
          onDone={(text) => backToIdle({ kind: "success", text })}
          onCancel={() => backToIdle()}
        />
      ) : (
        <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
          <div id={describedBy} className="flex min-w-0 flex-col gap-1.5">
            <p className="font-medium break-words text-zinc-900 dark:text-zinc-100">{name}</p>
            {details}
          </div>
          {mode === "idle" && (
            <div className="flex shrink-0 flex-wrap gap-2">
              <Button
                ref={renameButton}
                type="button"
                variant="secondary"
                aria-describedby={describedBy}
                onClick={() => (setNotice(undefined), setMode("rename"))}
              >
                Rename
              </Button>
              <Button
                type="button"
                variant="secondary"
                aria-describedby={describedBy}
                onClick={() => (setNotice(undefined), setMode("remove"))}
              >
                Remove
              </Button>
            </div>
          )}
        </div>
      )}
      {mode === "remove" && (
        <div
          role="group"
          aria-label={`Remove ${name}`}
          onKeyDown={(event) => event.key === "Escape" && !removing && backToIdle()}
          className="flex flex-col gap-3 rounded-lg border border-red-300 bg-red-50/60 p-4 dark:border-red-900 dark:bg-red-950/30"
        >
          <p ref={focusOnMount} tabIndex={-1} className="text-sm text-zinc-900 outline-none dark:text-zinc-100">
            Remove “{name}”? It will no longer sign you in. Remove it from your device or password manager too.
          </p>
          <div className="flex flex-wrap gap-3">
            <Button type="button" variant="danger" pending={removing} onClick={remove}>
              Remove passkey
            </Button>
            <Button type="button" variant="ghost" disabled={removing} onClick={() => backToIdle()}>
              Cancel
            </Button>
          </div>
        </div>
      )}
      {notice && <FormMessage kind={notice.kind}>{notice.text}</FormMessage>}
    </li>
  );
}
