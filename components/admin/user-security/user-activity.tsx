import Link from "next/link";
import { ActivityList } from "@/components/account/activity-list";
import type { EventJson } from "@/lib/validation/account";

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
      <ActivityList events={events} now={now} empty="No events on this page." markStaff />
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
