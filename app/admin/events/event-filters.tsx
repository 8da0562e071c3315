"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useOptimistic, useTransition } from "react";
import { eventLabel } from "@/components/account/event-labels";
import { FilterField, filterControl } from "@/components/admin/filter-field";
import { buttonStyles } from "@/components/ui/button-styles";
import { EVENT_TYPES } from "@/lib/events/types";
import { eventViewHref, type EventView, type EventViewKey } from "./view-query";

const TYPE_OPTIONS = EVENT_TYPES.map((type) => [type, eventLabel({ type, detail: null })] as const).sort((a, b) =>
  a[1].localeCompare(b[1]),
);

/**
 * Filters that apply when changed (the user id when it is left or Enter is pressed); the URL is
 * the whole view, with no empty parameter, and any change starts again at the newest events.
 * Still a GET form: without script the browser submits it.
 */
export function EventFilters({ view, errors }: { view: EventView; errors: Partial<Record<EventViewKey, string>> }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [shown, setShown] = useOptimistic(view);

  const go = (key: EventViewKey, value: string) => {
    const next: EventView = { ...shown, [key]: value.trim() || undefined };
    delete next.cursor;
    if ((shown[key] ?? "") === (next[key] ?? "")) return;
    startTransition(() => {
      setShown(next);
      router.push(eventViewHref(next), { scroll: false });
    });
  };
  const described = (key: EventViewKey) =>
    errors[key] ? { "aria-invalid": true, "aria-describedby": `filter-${key}-error` } : {};

  return (
    <form
      method="get"
      action="/admin/events"
      role="search"
      aria-label="Events"
      aria-busy={pending || undefined}
      className="flex flex-col gap-3"
      onSubmit={(event) => {
        event.preventDefault();
        const userId = new FormData(event.currentTarget).get("userId");
        go("userId", typeof userId === "string" ? userId : "");
      }}
    >
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <FilterField id="filter-type" label="Event type" error={errors.type}>
          <select
            id="filter-type"
            name="type"
            value={shown.type ?? ""}
            onChange={(event) => go("type", event.target.value)}
            className={filterControl}
            {...described("type")}
          >
            <option value="">Any type</option>
            {TYPE_OPTIONS.map(([type, label]) => (
              <option key={type} value={type}>
                {label}
              </option>
            ))}
          </select>
        </FilterField>
        <FilterField id="filter-userId" label="User id" error={errors.userId}>
          <input
            id="filter-userId"
            name="userId"
            defaultValue={shown.userId ?? ""}
            key={shown.userId ?? ""}
            onBlur={(event) => go("userId", event.target.value)}
            autoComplete="off"
            spellCheck={false}
            maxLength={64}
            className={filterControl}
            {...described("userId")}
          />
        </FilterField>
        <FilterField id="filter-from" label="From" error={errors.from}>
          <input
            id="filter-from"
            type="date"
            name="from"
            value={shown.from?.slice(0, 10) ?? ""}
            onChange={(event) => go("from", event.target.value)}
            className={filterControl}
            {...described("from")}
          />
        </FilterField>
        <FilterField id="filter-to" label="To" error={errors.to}>
          <input
            id="filter-to"
            type="date"
            name="to"
            value={shown.to?.slice(0, 10) ?? ""}
            onChange={(event) => go("to", event.target.value)}
            className={filterControl}
            {...described("to")}
          />
        </FilterField>
      </div>
      <noscript>
        <button type="submit" className={buttonStyles("secondary", "self-start")}>
          Apply filters
        </button>
      </noscript>
      <div className="flex min-h-8 flex-wrap items-center gap-3">
        {(shown.type || shown.userId || shown.from || shown.to) && (
          <Link href="/admin/events" className={buttonStyles("ghost", "px-2 py-1")}>
            Clear filters
          </Link>
        )}
        <span role="status" className="text-sm text-zinc-600 dark:text-zinc-400">
          {pending ? "Loading…" : ""}
        </span>
      </div>
    </form>
  );
}
