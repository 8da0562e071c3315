import Link from "next/link";
import { eventLabel } from "@/components/account/event-labels";
import { describeUserAgent } from "@/components/account/user-agent";
import { RelativeTime } from "@/components/ui/relative-time";
import type { EventJson } from "@/lib/validation/account";

function UserLink({ id, usernames }: { id: string | null; usernames: Map<string, string> }) {
  if (!id) return <span className="text-zinc-600 dark:text-zinc-400">No account</span>;
  return (
    <Link
      href={`/admin/users/${id}`}
      prefetch={false}
      className="break-all text-indigo-700 hover:underline dark:text-indigo-300"
    >
      {usernames.get(id) ?? id}
    </Link>
  );
}

function Where({ event }: { event: EventJson }) {
  return (
    <span className="text-zinc-600 dark:text-zinc-400">
      {[event.ip, event.userAgent ? describeUserAgent(event.userAgent) : null].filter(Boolean).join(" · ") || "—"}
    </span>
  );
}

/**
 * Security events, newest first: when (relative, the exact time on hover), what, whose, from
 * where. A table on wide screens; on narrow ones the same rows as cards, one of the two hidden.
 */
export function EventsTable({
  events,
  usernames,
  now,
}: {
  events: EventJson[];
  usernames: Map<string, string>;
  now: Date;
}) {
  return (
    <>
      <div className="overflow-x-auto rounded-lg border border-zinc-200 max-md:hidden dark:border-zinc-800">
        <table className="w-full text-sm">
          <caption className="sr-only">Security events, newest first</caption>
          <thead className="bg-zinc-50 text-left dark:bg-zinc-900">
            <tr>
              <th scope="col" className="px-3 py-2 font-semibold">
                When
              </th>
              <th scope="col" className="px-3 py-2 font-semibold">
                Event
              </th>
              <th scope="col" className="px-3 py-2 font-semibold">
                User
              </th>
              <th scope="col" className="px-3 py-2 font-semibold">
                From
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-200 align-top dark:divide-zinc-800">
            {events.map((event) => (
              <tr key={event.id}>
                <td className="px-3 py-2 whitespace-nowrap">
                  <RelativeTime date={event.at} now={now} />
                </td>
                <td className="px-3 py-2">
                  {eventLabel(event)}
                  {event.actorId && (
                    <span className="text-zinc-600 dark:text-zinc-400">
                      {" "}
                      · by <UserLink id={event.actorId} usernames={usernames} />
                    </span>
                  )}
                </td>
                <td className="px-3 py-2">
                  <UserLink id={event.userId} usernames={usernames} />
                </td>
                <td className="px-3 py-2">
                  <Where event={event} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul aria-label="Security events, newest first" className="flex flex-col gap-3 md:hidden">
        {events.map((event) => (
          <li
            key={event.id}
            className="flex flex-col gap-1 rounded-lg border border-zinc-200 p-3 text-sm dark:border-zinc-800"
          >
            <p className="flex flex-wrap items-baseline justify-between gap-x-3">
              <span className="font-semibold">{eventLabel(event)}</span>
              <span className="text-zinc-600 dark:text-zinc-400">
                <RelativeTime date={event.at} now={now} />
              </span>
            </p>
            <p>
              User <UserLink id={event.userId} usernames={usernames} />
              {event.actorId && (
                <>
                  {" "}
                  · by <UserLink id={event.actorId} usernames={usernames} />
                </>
              )}
            </p>
            <p className="break-words">
              <Where event={event} />
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}
