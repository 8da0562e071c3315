import { EMPTY } from "@/components/ui/detail";
import { RelativeTime } from "@/components/ui/relative-time";
import type { EventJson } from "@/lib/validation/account";
import { eventLabel } from "./event-labels";
import { describeUserAgent } from "./user-agent";

/**
 * Security events, newest first: the user's own recent activity, and one page of it for staff,
 * where an event someone else (staff) made says so.
 */
export function ActivityList({
  events,
  now,
  empty = "Nothing yet.",
  markStaff = false,
}: {
  events: EventJson[];
  now: Date;
  empty?: string;
  markStaff?: boolean;
}) {
  if (events.length === 0) return <p className={EMPTY}>{empty}</p>;
  return (
    <ol aria-label="Security events" className="flex flex-col divide-y divide-zinc-200 dark:divide-zinc-800">
      {events.map((event) => (
        <li
          key={event.id}
          className="flex flex-col gap-1 py-3 first:pt-0 last:pb-0 sm:flex-row sm:items-baseline sm:justify-between sm:gap-4"
        >
          <p className="font-medium text-zinc-900 dark:text-zinc-100">
            {eventLabel(event)}
            {markStaff && event.actorId && event.actorId !== event.userId && event.type !== "staff_change" && (
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
  );
}
