import type { Metadata } from "next";
import { BulkActionBar } from "@/components/admin/bulk-action-bar";
import { formatCount } from "@/components/admin/format";
import { searchUsers } from "@/lib/admin/search";
import { requireStaff } from "@/lib/session/current-user";
import { UserFilters } from "./filters";
import { Pagination } from "./pagination";
import { BULK_FORM_ID, UsersTable } from "./users-table";
import { exportHref, readView, viewHref } from "./view-query";

export const metadata: Metadata = { title: "Users · Staff" };

export default async function AdminUsersPage({ searchParams }: PageProps<"/admin/users">) {
  const { query, raw } = readView(await searchParams);
  await requireStaff(viewHref(raw));
  const { items, ...result } = await searchUsers(query);
  const first = items.length > 0 ? (result.page - 1) * result.pageSize + 1 : 0;
  const totalText = `${result.totalIsEstimate ? "about " : ""}${formatCount(result.total)}${result.totalCapped ? "+" : ""} ${result.total === 1 && !result.totalCapped ? "user" : "users"}`;

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
      <BulkActionBar formId={BULK_FORM_ID} />
      <UsersTable items={items} sort={query.sort} raw={raw} />
      <Pagination result={{ ...result, shown: items.length }} raw={raw} />
    </div>
  );
}
