"use client";

import { useEffect, useState } from "react";
import { toast } from "sonner";
import { Button } from "./button";
import { cn } from "./cn";

type Outcome = "copied" | "failed";

async function copyText(text: string): Promise<Outcome> {
  try {
    await navigator.clipboard.writeText(text);
    return "copied";
  } catch {
    return "failed";
  }
}

/** Clears an outcome after a few seconds, so the next copy is announced afresh. */
function useOutcome(): [Outcome | undefined, (outcome: Outcome) => void] {
  const [outcome, setOutcome] = useState<Outcome>();
  useEffect(() => {
    if (!outcome) return;
    const timer = setTimeout(() => setOutcome(undefined), 3000);
    return () => clearTimeout(timer);
  }, [outcome]);
  return [outcome, setOutcome];
}

const FAILED = "Could not copy: select the text instead.";

/**
 * Copies `text` to the clipboard and says so. `what` completes the button's name for screen
 * readers ("Copy key"), since the visible "Copy" alone does not say what it copies.
 * `compact`: a small icon button for tables and lists, where a status line beside each value
 * would crowd the row; it answers with a check mark and a toast instead.
 */
export function CopyButton({ text, what, compact = false }: { text: string; what: string; compact?: boolean }) {
  const [outcome, setOutcome] = useOutcome();

  async function copy() {
    const result = await copyText(text);
    setOutcome(result);
    if (!compact) return;
    if (result === "copied") toast.success(`Copied ${what}.`);
    else toast.error(FAILED);
  }

  if (compact) {
    return (
      <button
        type="button"
        onClick={copy}
        aria-label={`Copy ${what}`}
        title={`Copy ${what}`}
        className={cn(
          "inline-flex size-7 shrink-0 items-center justify-center rounded-md text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900",
          "dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100",
        )}
      >
        {outcome === "copied" ? <CheckIcon /> : <ClipboardIcon />}
      </button>
    );
  }

  return (
    <span className="inline-flex items-center gap-2">
      <Button type="button" variant="secondary" onClick={copy} className="px-3 py-1.5">
        Copy<span className="sr-only"> {what}</span>
      </Button>
      <span role="status" className="text-sm text-zinc-600 dark:text-zinc-400">
        {outcome === "copied" ? "Copied." : outcome === "failed" ? FAILED : ""}
      </span>
    </span>
  );
}

function ClipboardIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth="1.5" className="size-4">
      <rect x="6.5" y="6.5" width="10" height="10" rx="1.5" />
      <path d="M13.5 6.5V4.75A1.25 1.25 0 0 0 12.25 3.5h-7.5A1.25 1.25 0 0 0 3.5 4.75v7.5a1.25 1.25 0 0 0 1.25 1.25H6.5" />
    </svg>
  );
}

function CheckIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth="2" className="size-4">
      <path d="m4.5 10.5 3.5 3.5 7.5-8" />
    </svg>
  );
}
