import type { EventJson } from "@/lib/validation/account";
import { eventLabel } from "./event-labels";
import { RelativeTime } from "@/components/ui/relative-time";
import { describeUserAgent } from "./user-agent";

/** The user's recent security events, newest first. */
export function ActivityList({ events, now }: { events: EventJson[]; now: Date }) {
  if (events.length === 0) return <p className="text-sm text-zinc-600 dark:text-zinc-400">Nothing yet.</p>;
  return (
    <ol className="flex flex-col divide-y divide-zinc-200 dark:divide-zinc-800">
      {events.map((event) => (
        <li
          key={event.id}
          className="flex flex-col gap-1 py-3 first:pt-0 sm:flex-row sm:items-baseline sm:justify-between sm:gap-4"
        >
          <p className="font-medium text-zinc-900 dark:text-zinc-100">{eventLabel(event)}</p>
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
