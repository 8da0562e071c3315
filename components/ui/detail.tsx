import type { ReactNode } from "react";

/** One "label value" pair of a <dl> row of details. */
export function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex gap-1.5">
      <dt>{label}</dt>
      <dd className="break-all text-zinc-900 dark:text-zinc-100">{children}</dd>
    </div>
  );
}

/** What an empty list says instead. */
export const EMPTY = "text-sm text-zinc-600 dark:text-zinc-400";
