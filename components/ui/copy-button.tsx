"use client";

import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";

/**
 * Copies `text` to the clipboard and says so. `what` completes the button's name for screen
 * readers ("Copy key"), since the visible "Copy" alone does not say what it copies.
 */
export function CopyButton({ text, what }: { text: string; what: string }) {
  const [outcome, setOutcome] = useState<"copied" | "failed">();
  useEffect(() => {
    if (!outcome) return;
    const timer = setTimeout(() => setOutcome(undefined), 3000);
    return () => clearTimeout(timer);
  }, [outcome]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setOutcome("copied");
    } catch {
      setOutcome("failed");
    }
  }

  return (
    <span className="inline-flex items-center gap-2">
      <Button type="button" variant="secondary" onClick={copy} className="px-3 py-1.5">
        Copy<span className="sr-only"> {what}</span>
      </Button>
      <span role="status" className="text-sm text-zinc-600 dark:text-zinc-400">
        {outcome === "copied" ? "Copied." : outcome === "failed" ? "Could not copy: select the text instead." : ""}
      </span>
    </span>
  );
}
