import Link from "next/link";
import { formatCount } from "@/components/admin/format";
import { buttonStyles } from "@/components/ui/button-styles";
import type { UserPage } from "@/lib/admin/search";
import { viewHref, type RawParams } from "./view-query";

export function Pagination({ result, raw }: { result: Omit<UserPage, "items"> & { shown: number }; raw: RawParams }) {
  const { page, pageSize, total, totalCapped, totalIsEstimate, shown } = result;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  // An inexact total cannot say where the end is: a full page may have a next one.
  const hasNext = totalCapped || totalIsEstimate ? shown === pageSize : page < pages;
  const link = (label: string, target: number, enabled: boolean) =>
    enabled ? (
      <Link
        href={viewHref(raw, { page: target > 1 ? String(target) : undefined })}
        className={buttonStyles("secondary")}
      >
        {label}
      </Link>
    ) : (
      <span aria-disabled="true" className={buttonStyles("secondary", "pointer-events-none opacity-50")}>
        {label}
      </span>
    );
  return (
    <nav aria-label="Pagination" className="flex items-center justify-between gap-3">
      {link("Previous", page - 1, page > 1)}
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Page {formatCount(page)} of {totalIsEstimate ? "about " : ""}
        {formatCount(pages)}
        {totalCapped ? "+" : ""}
      </p>
      {link("Next", page + 1, hasNext)}
    </nav>
  );
}
