import Link from "next/link";
import { formatCount } from "@/components/admin/format";
import { buttonStyles } from "@/components/ui/button-styles";
import { cn } from "@/components/ui/cn";
import type { UserPage } from "@/lib/admin/search";
import { viewHref, type RawParams } from "./view-query";

/** 1 … 4 5 6 … 20: the first and last pages, and the current one with its neighbours. */
export function pageNumbers(page: number, last: number | undefined): Array<number | "gap"> {
  const end = last ?? page + 1;
  const wanted = new Set([1, page - 1, page, page + 1, ...(last ? [last] : [])]);
  const shown = [...wanted].filter((n) => n >= 1 && n <= end).sort((a, b) => a - b);
  const out: Array<number | "gap"> = [];
  for (const n of shown) {
    const previous = out.at(-1);
    if (typeof previous === "number" && n - previous === 2) out.push(n - 1);
    else if (typeof previous === "number" && n - previous > 2) out.push("gap");
    out.push(n);
  }
  return out;
}

export function Pagination({ result, raw }: { result: Omit<UserPage, "items"> & { shown: number }; raw: RawParams }) {
  const { page, pageSize, total, totalCapped, totalIsEstimate, shown } = result;
  const exact = !totalCapped && !totalIsEstimate;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  // An inexact total cannot say where the end is: a full page may have a next one.
  const hasNext = exact ? page < pages : shown === pageSize;
  if (page === 1 && !hasNext) return null;
  const numbers = pageNumbers(page, exact ? pages : hasNext ? undefined : page);
  const href = (target: number) => viewHref(raw, { page: target > 1 ? String(target) : undefined });
  const step = (label: string, target: number, enabled: boolean) =>
    enabled ? (
      <Link href={href(target)} className={buttonStyles("secondary", "px-3")}>
        {label}
      </Link>
    ) : (
      <span aria-disabled="true" className={buttonStyles("secondary", "pointer-events-none px-3 opacity-50")}>
        {label}
      </span>
    );

  return (
    <nav aria-label="Pagination" className="flex flex-wrap items-center justify-between gap-3">
      {step("Previous", page - 1, page > 1)}
      <ol className="flex flex-wrap items-center gap-1">
        {numbers.map((n, i) => (
          <li key={n === "gap" ? `gap-${i}` : n}>
            {n === "gap" ? (
              <span className="px-2 text-zinc-600 dark:text-zinc-400">…</span>
            ) : (
              <Link
                href={href(n)}
                aria-label={`Page ${formatCount(n)}`}
                aria-current={n === page ? "page" : undefined}
                className={cn(
                  "inline-flex h-9 min-w-9 items-center justify-center rounded-md px-2 text-sm font-medium tabular-nums",
                  n === page
                    ? "bg-indigo-600 text-white"
                    : "text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800",
                )}
              >
                {formatCount(n)}
              </Link>
            )}
          </li>
        ))}
        {!exact && hasNext && (
          <li className="px-2 text-sm text-zinc-600 dark:text-zinc-400">
            of {totalIsEstimate ? "about " : ""}
            {formatCount(pages)}
            {totalCapped ? "+" : ""}
          </li>
        )}
      </ol>
      {step("Next", page + 1, hasNext)}
    </nav>
  );
}
