import type { Metadata } from "next";
import Link from "next/link";
import { BulkActionBar } from "@/components/admin/bulk-action-bar";
import { formatCount } from "@/components/admin/format";
import { buttonStyles } from "@/components/ui/button-styles";
import { MAX_BULK_MATCHING } from "@/lib/admin/bulk";
import { searchUsers } from "@/lib/admin/search";
import { requireStaff } from "@/lib/session/current-user";
import { UserFilters } from "./filters";
import { Pagination } from "./pagination";
import { BULK_FORM_ID, UsersTable } from "./users-table";
import {
  activeFilters,
  clearedHref,
  exportHref,
  NARROWING_KEYS,
  readView,
  viewHref,
  type RawParams,
} from "./view-query";

export const metadata: Metadata = { title: "Users · Staff" };

function EmptyState({ raw }: { raw: RawParams }) {
  const filtered = activeFilters(raw).length > 0;
  return (
    <div className="flex flex-col items-center gap-3 rounded-lg border border-dashed border-zinc-300 px-4 py-10 text-center dark:border-zinc-700">
      <p className="font-medium">{filtered ? "No users match these filters." : "No users yet."}</p>
      {filtered && (
        <Link href={clearedHref(raw)} className={buttonStyles("secondary")}>
          Clear filters
        </Link>
      )}
    </div>
  );
}

export default async function AdminUsersPage({ searchParams }: PageProps<"/admin/users">) {
  const { query, raw } = readView(await searchParams);
  await requireStaff(viewHref(raw));
  const { items, ...result } = await searchUsers(query);
  const now = new Date();
  const first = items.length > 0 ? (result.page - 1) * result.pageSize + 1 : 0;
  const totalText = `${result.totalIsEstimate ? "about " : ""}${formatCount(result.total)}${result.totalCapped ? "+" : ""} ${result.total === 1 && !result.totalCapped ? "user" : "users"}`;
  const filter = Object.fromEntries(NARROWING_KEYS.filter((key) => raw[key]).map((key) => [key, raw[key]]));

  return (
    <div className="flex flex-col gap-6">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Users</h1>
          <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="result-count">
            {items.length > 0
              ? `${formatCount(first)}–${formatCount(first + items.length - 1)} of ${totalText}`
              : `0 of ${totalText}`}
          </p>
        </div>
        {/* A plain link: a download, not a page to prefetch. */}
        <a
          href={exportHref(raw)}
          download
          className="text-sm font-medium text-indigo-700 hover:underline dark:text-indigo-300"
        >
          Export CSV
        </a>
      </header>
      <UserFilters raw={raw} />
      {items.length === 0 ? (
        <EmptyState raw={raw} />
      ) : (
        <>
          {/* A new view starts from an empty selection. */}
          <BulkActionBar
            key={viewHref(raw)}
            formId={BULK_FORM_ID}
            matching={{
              total: result.total,
              exact: !result.totalCapped && !result.totalIsEstimate,
              filter,
              max: MAX_BULK_MATCHING,
            }}
          />
          <UsersTable items={items} sort={query.sort} raw={raw} now={now} />
        </>
      )}
      <Pagination result={{ ...result, shown: items.length }} raw={raw} />
    </div>
  );
}
