import Link from "next/link";
import { SelectAllBox } from "@/components/admin/bulk-action-bar";
import { formatTime } from "@/components/admin/format";
import type { PublicUser } from "@/lib/db/users";
import type { UserSort } from "@/lib/validation/admin";
import { viewHref, type RawParams } from "./view-query";

export const BULK_FORM_ID = "bulk-users";

/** A column header that sorts by its column, ascending first, and reverses on a second click. */
function SortHeader({
  label,
  column,
  sort,
  raw,
}: {
  label: string;
  column: "username" | "dateJoined";
  sort: UserSort;
  raw: RawParams;
}) {
  const active = sort === column ? "ascending" : sort === `-${column}` ? "descending" : undefined;
  const next = active === "ascending" ? `-${column}` : column;
  return (
    <th scope="col" aria-sort={active ?? "none"} className="px-3 py-2 text-left font-semibold">
      <Link
        href={viewHref(raw, { sort: next, page: undefined })}
        className="inline-flex items-center gap-1 hover:underline"
      >
        {label}
        <span aria-hidden="true" className="text-xs text-zinc-500">
          {active === "ascending" ? "▲" : active === "descending" ? "▼" : "↕"}
        </span>
      </Link>
    </th>
  );
}

function Badge({ tone, children }: { tone: "green" | "zinc" | "red" | "indigo"; children: string }) {
  const tones = {
    green: "bg-emerald-50 text-emerald-800 ring-emerald-600/20 dark:bg-emerald-950 dark:text-emerald-200",
    zinc: "bg-zinc-100 text-zinc-700 ring-zinc-500/20 dark:bg-zinc-800 dark:text-zinc-300",
    red: "bg-red-50 text-red-800 ring-red-600/20 dark:bg-red-950 dark:text-red-200",
    indigo: "bg-indigo-50 text-indigo-800 ring-indigo-600/20 dark:bg-indigo-950 dark:text-indigo-200",
  };
  return (
    <span className={`inline-flex rounded-md px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${tones[tone]}`}>
      {children}
    </span>
  );
}

export function UsersTable({ items, sort, raw }: { items: PublicUser[]; sort: UserSort; raw: RawParams }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
      <table className="w-full text-sm">
        <caption className="sr-only">Users</caption>
        <thead className="bg-zinc-50 dark:bg-zinc-900">
          <tr>
            <th scope="col" className="w-10 px-3 py-2">
              <SelectAllBox formId={BULK_FORM_ID} />
            </th>
            <SortHeader label="Username" column="username" sort={sort} raw={raw} />
            <th scope="col" className="px-3 py-2 text-left font-semibold">
              Phone
            </th>
            <th scope="col" className="px-3 py-2 text-left font-semibold">
              E-mail
            </th>
            <th scope="col" className="px-3 py-2 text-left font-semibold">
              Status
            </th>
            <SortHeader label="Joined" column="dateJoined" sort={sort} raw={raw} />
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {items.map((user) => (
            <tr key={user.id} data-user-id={user.id}>
              <td className="px-3 py-2">
                <input
                  type="checkbox"
                  name="ids"
                  value={user.id}
                  form={BULK_FORM_ID}
                  aria-label={`Select ${user.username}`}
                  className="size-4"
                />
              </td>
              <td className="px-3 py-2 font-medium">
                {/* No prefetch: a page of 100 rows must not fetch 100 detail pages. */}
                <Link
                  href={`/admin/users/${user.id}`}
                  prefetch={false}
                  className="text-indigo-700 hover:underline dark:text-indigo-300"
                >
                  {user.username}
                </Link>
              </td>
              <td className="px-3 py-2 tabular-nums">{user.phoneNumber}</td>
              <td className="px-3 py-2 break-all">{user.email ?? "—"}</td>
              <td className="px-3 py-2">
                <span className="flex flex-wrap gap-1">
                  {user.deletedAt ? <Badge tone="red">Deleted</Badge> : null}
                  {user.isActive ? <Badge tone="green">Active</Badge> : <Badge tone="zinc">Inactive</Badge>}
                  {user.isStaff ? <Badge tone="indigo">Staff</Badge> : null}
                  {user.mfaEnabled ? <Badge tone="zinc">2FA</Badge> : null}
                </span>
              </td>
              <td className="px-3 py-2 whitespace-nowrap tabular-nums" title={formatTime(user.dateJoined)}>
                {user.dateJoined.toISOString().slice(0, 10)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {items.length === 0 && (
        <p className="px-3 py-8 text-center text-sm text-zinc-600 dark:text-zinc-400">No users match.</p>
      )}
    </div>
  );
}
