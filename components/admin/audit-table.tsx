import Link from "next/link";
import type { AuditRow, Changes } from "@/lib/admin/audit";
import { formatTime } from "./format";

const show = (value: unknown) => (value === null || value === undefined || value === "" ? "—" : String(value));

function ChangeList({ changes }: { changes: Changes }) {
  return (
    <ul className="flex flex-col gap-0.5">
      {Object.entries(changes).map(([field, change]) => (
        <li key={field}>
          <span className="font-medium">{field}</span>: {show(change?.before)} → {show(change?.after)}
        </li>
      ))}
    </ul>
  );
}

function UserLink({ user }: { user: { id: string; username: string } | null }) {
  if (!user) return <span className="text-zinc-500">(command line)</span>;
  return (
    <Link
      href={`/admin/users/${user.id}`}
      prefetch={false}
      className="text-indigo-700 hover:underline dark:text-indigo-300"
    >
      {user.username}
    </Link>
  );
}

/** Staff changes, newest first: when, who, what, to whom, before → after. */
export function AuditTable({
  rows,
  showTarget = true,
  caption,
}: {
  rows: AuditRow[];
  showTarget?: boolean;
  caption: string;
}) {
  if (rows.length === 0) return <p className="text-sm text-zinc-600 dark:text-zinc-400">No staff changes recorded.</p>;
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
      <table className="w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-zinc-50 text-left dark:bg-zinc-900">
          <tr>
            <th scope="col" className="px-3 py-2 font-semibold">
              When
            </th>
            <th scope="col" className="px-3 py-2 font-semibold">
              Staff user
            </th>
            <th scope="col" className="px-3 py-2 font-semibold">
              Action
            </th>
            {showTarget && (
              <th scope="col" className="px-3 py-2 font-semibold">
                User
              </th>
            )}
            <th scope="col" className="px-3 py-2 font-semibold">
              Changes
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-200 align-top dark:divide-zinc-800">
          {rows.map((row) => (
            <tr key={row.id}>
              <td className="px-3 py-2 whitespace-nowrap tabular-nums">{formatTime(row.createdAt)}</td>
              <td className="px-3 py-2">
                <UserLink user={row.actor} />
              </td>
              <td className="px-3 py-2">{row.action}</td>
              {showTarget && (
                <td className="px-3 py-2">
                  <UserLink user={row.target} />
                </td>
              )}
              <td className="px-3 py-2 break-all">
                <ChangeList changes={row.changes} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
