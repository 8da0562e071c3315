import Link from "next/link";
import { RelativeTime } from "@/components/ui/relative-time";
import type { AuditRow, Changes } from "@/lib/admin/audit";
import { actionLabel, fieldLabel, shownValue } from "./format";

function Value({ value, now }: { value: unknown; now: Date }) {
  const shown = shownValue(value);
  return "time" in shown ? <RelativeTime date={shown.time} now={now} /> : <span>{shown.text}</span>;
}

function ChangeList({ changes, now }: { changes: Changes; now: Date }) {
  return (
    <ul className="flex flex-col gap-0.5">
      {Object.entries(changes).map(([field, change]) => (
        <li key={field} className="break-words">
          <span className="font-medium">{fieldLabel(field)}</span>: <Value value={change?.before} now={now} /> →{" "}
          <Value value={change?.after} now={now} />
        </li>
      ))}
    </ul>
  );
}

/** `inText`: inside a sentence, where colour alone would not tell the link from the words. */
function UserLink({ user, inText = false }: { user: { id: string; username: string } | null; inText?: boolean }) {
  if (!user) return <span className="text-zinc-600 dark:text-zinc-400">(command line)</span>;
  return (
    <Link
      href={`/admin/users/${user.id}`}
      prefetch={false}
      className={`break-all text-indigo-700 dark:text-indigo-300 ${inText ? "underline underline-offset-2" : "hover:underline"}`}
    >
      {user.username}
    </Link>
  );
}

/**
 * Staff changes, newest first: when, who, what, to whom, before → after. A table on wide screens;
 * on narrow ones the same rows as cards (five columns do not fit 390 px), one of the two hidden.
 */
export function AuditTable({
  rows,
  showTarget = true,
  caption,
  now = new Date(),
}: {
  rows: AuditRow[];
  showTarget?: boolean;
  caption: string;
  now?: Date;
}) {
  if (rows.length === 0) return <p className="text-sm text-zinc-600 dark:text-zinc-400">No staff changes recorded.</p>;
  return (
    <>
      <div className="overflow-x-auto rounded-lg border border-zinc-200 max-md:hidden dark:border-zinc-800">
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
                <td className="px-3 py-2 whitespace-nowrap">
                  <RelativeTime date={row.createdAt} now={now} />
                </td>
                <td className="px-3 py-2">
                  <UserLink user={row.actor} />
                </td>
                <td className="px-3 py-2">{actionLabel(row.action)}</td>
                {showTarget && (
                  <td className="px-3 py-2">
                    <UserLink user={row.target} />
                  </td>
                )}
                <td className="px-3 py-2">
                  <ChangeList changes={row.changes} now={now} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul aria-label={caption} className="flex flex-col gap-3 md:hidden">
        {rows.map((row) => (
          <li
            key={row.id}
            className="flex flex-col gap-1 rounded-lg border border-zinc-200 p-3 text-sm dark:border-zinc-800"
          >
            <p className="flex flex-wrap items-baseline justify-between gap-x-3">
              <span className="font-semibold">{actionLabel(row.action)}</span>
              <span className="text-zinc-600 dark:text-zinc-400">
                <RelativeTime date={row.createdAt} now={now} />
              </span>
            </p>
            <p>
              By <UserLink user={row.actor} inText />
              {showTarget && (
                <>
                  {" "}
                  · User <UserLink user={row.target} inText />
                </>
              )}
            </p>
            <ChangeList changes={row.changes} now={now} />
          </li>
        ))}
      </ul>
    </>
  );
}
