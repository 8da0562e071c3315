import Link from "next/link";
import type { ReactNode } from "react";
import { SelectAllBox } from "@/components/admin/bulk-action-bar";
import { CopyButton } from "@/components/ui/copy-button";
import { RelativeTime } from "@/components/ui/relative-time";
import type { PublicUser } from "@/lib/db/users";
import type { UserSort } from "@/lib/validation/admin";
import { UserActionsMenu } from "./user-actions-menu";
import { viewHref, type RawParams } from "./view-query";

export const BULK_FORM_ID = "bulk-users";

/** A column header that sorts by its column, ascending first, and reverses on a second click. */
function SortHeader({
  label,
  column,
  sort,
  raw,
  className = "",
}: {
  label: string;
  column: "username" | "dateJoined";
  sort: UserSort;
  raw: RawParams;
  className?: string;
}) {
  const active = sort === column ? "ascending" : sort === `-${column}` ? "descending" : undefined;
  const next = active === "ascending" ? `-${column}` : column;
  return (
    <th scope="col" aria-sort={active ?? "none"} className={`px-3 py-2 text-left font-semibold ${className}`}>
      <Link
        href={viewHref(raw, { sort: next, page: undefined })}
        className="inline-flex items-center gap-1 hover:underline"
      >
        {label}
        <span aria-hidden="true" className="text-xs text-zinc-600 dark:text-zinc-400">
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

/** A deleted account cannot sign in whatever its flag says, so it reads as Deleted alone. */
function StatusBadges({ user }: { user: PublicUser }) {
  return (
    <span className="flex flex-wrap gap-1">
      {user.deletedAt ? (
        <Badge tone="red">Deleted</Badge>
      ) : user.isActive ? (
        <Badge tone="green">Active</Badge>
      ) : (
        <Badge tone="zinc">Inactive</Badge>
      )}
      {user.isStaff ? <Badge tone="indigo">Staff</Badge> : null}
      {user.mfaEnabled ? <Badge tone="zinc">2FA</Badge> : null}
    </span>
  );
}

/** A value that may be long (an e-mail): cut with an ellipsis, whole on hover and when copied. */
function Copyable({ text, what, className = "" }: { text: string; what: string; className?: string }) {
  return (
    <span className={`flex min-w-0 items-center gap-1 ${className}`}>
      <span className="truncate" title={text}>
        {text}
      </span>
      <CopyButton text={text} what={what} compact />
    </span>
  );
}

function Cell({ children, className = "" }: { children: ReactNode; className?: string }) {
  return <td className={`px-3 py-2 align-top ${className}`}>{children}</td>;
}

/**
 * The listing. Wide screens give e-mail, phone and joined their own columns; narrow ones show
 * them under the username (the same values, laid out twice, one copy hidden), so a 390 px screen
 * needs no sideways scroll and no column squeezes an address to a letter per line.
 */
export function UsersTable({
  items,
  sort,
  raw,
  now,
}: {
  items: PublicUser[];
  sort: UserSort;
  raw: RawParams;
  now: Date;
}) {
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
      <table className="w-full text-sm">
        <caption className="sr-only">Users</caption>
        <thead className="bg-zinc-50 dark:bg-zinc-900">
          <tr>
            <th scope="col" className="w-10 px-3 py-2">
              <SelectAllBox formId={BULK_FORM_ID} />
            </th>
            <SortHeader label="User" column="username" sort={sort} raw={raw} />
            <th scope="col" className="px-3 py-2 text-left font-semibold max-md:hidden">
              E-mail
            </th>
            <th scope="col" className="px-3 py-2 text-left font-semibold max-md:hidden">
              Phone
            </th>
            <th scope="col" className="px-3 py-2 text-left font-semibold">
              Status
            </th>
            <SortHeader label="Joined" column="dateJoined" sort={sort} raw={raw} className="max-md:hidden" />
            <th scope="col" className="w-10 px-3 py-2">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {items.map((user) => (
            <tr key={user.id} data-user-id={user.id}>
              <Cell>
                <input
                  type="checkbox"
                  name="ids"
                  value={user.id}
                  form={BULK_FORM_ID}
                  aria-label={`Select ${user.username}`}
                  className="mt-1 size-4"
                />
              </Cell>
              {/* max-w-0 + w-full: this column takes the room left, and its values truncate in it. */}
              <Cell className="w-full max-w-0">
                {/* No prefetch: a page of 100 rows must not fetch 100 detail pages. */}
                <Link
                  href={`/admin/users/${user.id}`}
                  prefetch={false}
                  className="block truncate leading-6 font-medium text-indigo-700 hover:underline dark:text-indigo-300"
                >
                  {user.username}
                </Link>
                <Copyable
                  text={user.id}
                  what="user ID"
                  className="font-mono text-xs text-zinc-600 dark:text-zinc-400"
                />
                <div className="md:hidden">
                  {user.email && <Copyable text={user.email} what="e-mail" />}
                  <Copyable text={user.phoneNumber} what="phone" className="tabular-nums" />
                  <p className="text-xs text-zinc-600 dark:text-zinc-400">
                    Joined <RelativeTime date={user.dateJoined} now={now} />
                  </p>
                </div>
              </Cell>
              <Cell className="max-md:hidden">
                {user.email ? <Copyable text={user.email} what="e-mail" className="max-w-64" /> : "—"}
              </Cell>
              <Cell className="whitespace-nowrap tabular-nums max-md:hidden">
                <Copyable text={user.phoneNumber} what="phone" />
              </Cell>
              <Cell>
                <StatusBadges user={user} />
              </Cell>
              <Cell className="whitespace-nowrap max-md:hidden">
                <RelativeTime date={user.dateJoined} now={now} />
              </Cell>
              <Cell className="py-1">
                <UserActionsMenu
                  user={{
                    id: user.id,
                    username: user.username,
                    isActive: user.isActive,
                    deleted: user.deletedAt !== null,
                  }}
                />
              </Cell>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
