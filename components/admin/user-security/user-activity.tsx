import Link from "next/link";
import { eventLabel } from "@/components/account/event-labels";
import { RelativeTime } from "@/components/ui/relative-time";
import { describeUserAgent } from "@/components/account/user-agent";
import type { EventJson } from "@/lib/validation/account";
import { EMPTY } from "./detail";

const pager =
  "rounded-md px-2 py-1 text-sm font-medium text-indigo-700 underline-offset-4 hover:underline dark:text-indigo-300";

/**
 * One page of the user's security events, newest first, with links to the older and newer pages.
 * An event made by someone else (staff) says so.
 */
export function UserActivity({
  events,
  now,
  newerHref,
  olderHref,
}: {
  events: EventJson[];
  now: Date;
  newerHref?: string;
  olderHref?: string;
}) {
  return (
    <div className="flex flex-col gap-4">
      {events.length === 0 ? (
        <p className={EMPTY}>No events on this page.</p>
      ) : (
        <ol aria-label="Security events" className="flex flex-col divide-y divide-zinc-200 dark:divide-zinc-800">
          {events.map((event) => (
            <li
              key={event.id}
              className="flex flex-col gap-1 py-3 first:pt-0 last:pb-0 sm:flex-row sm:items-baseline sm:justify-between sm:gap-4"
            >
              <p className="font-medium text-zinc-900 dark:text-zinc-100">
                {eventLabel(event)}
                {event.actorId && event.actorId !== event.userId && event.type !== "staff_change" && (
                  <span className="font-normal text-zinc-600 dark:text-zinc-400"> · by staff</span>
                )}
              </p>
              <p className="text-sm text-zinc-600 sm:text-right dark:text-zinc-400">
                <RelativeTime date={event.at} now={now} />
                {event.ip && <> · {event.ip}</>}
                {event.userAgent && <> · {describeUserAgent(event.userAgent)}</>}
              </p>
            </li>
          ))}
        </ol>
      )}
      {(newerHref || olderHref) && (
        <nav aria-label="Security events pages" className="flex justify-between gap-3">
          {newerHref ? (
            <Link href={newerHref} scroll={false} className={pager}>
              ← Newer
            </Link>
          ) : (
            <span />
          )}
          {olderHref && (
            <Link href={olderHref} scroll={false} className={pager}>
              Older →
            </Link>
          )}
        </nav>
      )}
    </div>
  );
}
