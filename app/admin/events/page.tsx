import type { Metadata } from "next";
import Link from "next/link";
import { EventsTable } from "@/components/admin/events-table";
import { buttonStyles } from "@/components/ui/button-styles";
import { eventUsernames, listEvents } from "@/lib/admin/events";
import { requireStaff } from "@/lib/session/current-user";
import { eventListQuerySchema } from "@/lib/validation/admin-events";
import { fieldErrorsOf } from "@/lib/validation/issues";
import { EventFilters } from "./event-filters";
import { eventViewHref, eventViewOf, type EventView, type EventViewKey } from "./view-query";

export const metadata: Metadata = { title: "Events · Staff" };

const PAGE_SIZE = 50;

export default async function EventsPage({ searchParams }: PageProps<"/admin/events">) {
  const view = eventViewOf(await searchParams);
  await requireStaff(eventViewHref(view));
  const parsed = eventListQuerySchema.safeParse({ ...view, pageSize: String(PAGE_SIZE) });
  // A hand-edited URL: each bad value is named beside its filter, and the listing shows what is left.
  const errors: Partial<Record<EventViewKey, string>> = parsed.success
    ? {}
    : Object.fromEntries(Object.entries(fieldErrorsOf(parsed.error)).map(([key, messages]) => [key, messages[0]]));
  const valid: EventView = Object.fromEntries(Object.entries(view).filter(([key]) => !(key in errors)));
  const query = parsed.success ? parsed.data : eventListQuerySchema.parse({ ...valid, pageSize: String(PAGE_SIZE) });
  const page = await listEvents(query);
  const usernames = await eventUsernames(page.items.flatMap((event) => [event.userId, event.actorId]));
  const filtered = Boolean(view.type || view.userId || view.from || view.to);

  return (
    <div className="flex flex-col gap-6">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">Events</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Every sign-in, failure, lockout, recovery and account change, newest first, {PAGE_SIZE} a page.
        </p>
      </header>
      <EventFilters view={view} errors={errors} />
      {errors.cursor && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          That page link is not valid: showing the newest events.
        </p>
      )}
      {page.items.length === 0 ? (
        <p className="rounded-lg border border-dashed border-zinc-300 p-6 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
          {filtered ? "No events match these filters." : "No events recorded yet."}
        </p>
      ) : (
        <EventsTable events={page.items} usernames={usernames} now={new Date()} />
      )}
      {(page.prevCursor || page.nextCursor) && (
        <nav aria-label="Event pages" className="flex flex-wrap gap-3">
          {page.prevCursor && (
            <Link href={eventViewHref({ ...valid, cursor: page.prevCursor })} className={buttonStyles("secondary")}>
              <span aria-hidden="true">←</span> Newer
            </Link>
          )}
          {page.nextCursor && (
            <Link href={eventViewHref({ ...valid, cursor: page.nextCursor })} className={buttonStyles("secondary")}>
              Older <span aria-hidden="true">→</span>
            </Link>
          )}
        </nav>
      )}
    </div>
  );
}
