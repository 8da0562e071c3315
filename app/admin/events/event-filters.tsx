"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useOptimistic, useTransition, type ReactNode } from "react";
import { eventLabel } from "@/components/account/event-labels";
import { buttonStyles } from "@/components/ui/button-styles";
import { EVENT_TYPES } from "@/lib/events/types";
import { eventViewHref, type EventView, type EventViewKey } from "./view-query";

const control =
  "block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm text-zinc-900 shadow-xs dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100";

const TYPE_OPTIONS = EVENT_TYPES.map((type) => [type, eventLabel({ type, detail: null })] as const).sort((a, b) =>
  a[1].localeCompare(b[1]),
);

function Labelled({ id, label, error, children }: { id: string; label: string; error?: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      {children}
      {error && (
        <p id={`${id}-error`} className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </div>
  );
}

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
        <Labelled id="filter-type" label="Event type" error={errors.type}>
          <select
            id="filter-type"
            name="type"
            value={shown.type ?? ""}
            onChange={(event) => go("type", event.target.value)}
            className={control}
            {...described("type")}
          >
            <option value="">Any type</option>
            {TYPE_OPTIONS.map(([type, label]) => (
              <option key={type} value={type}>
                {label}
              </option>
            ))}
          </select>
        </Labelled>
        <Labelled id="filter-userId" label="User id" error={errors.userId}>
          <input
            id="filter-userId"
            name="userId"
            defaultValue={shown.userId ?? ""}
            key={shown.userId ?? ""}
            onBlur={(event) => go("userId", event.target.value)}
            autoComplete="off"
            spellCheck={false}
            maxLength={64}
            className={control}
            {...described("userId")}
          />
        </Labelled>
        <Labelled id="filter-from" label="From" error={errors.from}>
          <input
            id="filter-from"
            type="date"
            name="from"
            value={shown.from?.slice(0, 10) ?? ""}
            onChange={(event) => go("from", event.target.value)}
            className={control}
            {...described("from")}
          />
        </Labelled>
        <Labelled id="filter-to" label="To" error={errors.to}>
          <input
            id="filter-to"
            type="date"
            name="to"
            value={shown.to?.slice(0, 10) ?? ""}
            onChange={(event) => go("to", event.target.value)}
            className={control}
            {...described("to")}
          />
        </Labelled>
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
