"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useOptimistic, useRef, useState, useTransition } from "react";
import { FilterField, filterControl } from "@/components/admin/filter-field";
import { buttonStyles } from "@/components/ui/button-styles";
import { activeFilters, clearedHref, viewHref, type RawParams, type ViewKey } from "./view-query";

/** How long typing pauses before the search runs: each keystroke must not fetch a page. */
const SEARCH_DELAY_MS = 300;

/**
 * Search as you type and filters that apply when changed; the URL stays the whole view (shareable,
 * the back button works) and holds no empty parameter. Any change starts again at page 1. It is
 * still a GET form, so without script the browser submits it (the noscript button).
 */
export function UserFilters({ raw }: { raw: RawParams }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  // The controls show the new view at once, while its page loads.
  const [view, setView] = useOptimistic(raw);
  const [text, setText] = useState(raw.q ?? "");
  const sentText = useRef(raw.q ?? "");

  // The URL changed elsewhere (a chip, Clear filters, Back): the search box follows it.
  useEffect(() => {
    const q = raw.q ?? "";
    if (q === sentText.current) return;
    sentText.current = q;
    setText(q);
  }, [raw.q]);

  const go = (changes: Partial<Record<ViewKey, string | undefined>>, how: "push" | "replace" = "push") => {
    const next: RawParams = { ...view };
    for (const [key, value] of Object.entries(changes)) {
      if (value) next[key] = value;
      else delete next[key];
    }
    delete next.page;
    const href = viewHref(next);
    startTransition(() => {
      setView(next);
      router[how](href, { scroll: false });
    });
  };

  const search = (value: string, how: "push" | "replace") => {
    const q = value.trim();
    if (q === sentText.current) return;
    sentText.current = q;
    go({ q }, how);
  };

  // Typing replaces the history entry rather than adding one per pause.
  useEffect(() => {
    const timer = setTimeout(() => search(text, "replace"), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a new text starts the wait
  }, [text]);

  const choice = (name: ViewKey, label: string, options: Array<[string, string]>) => (
    <FilterField id={`filter-${name}`} label={label}>
      <select
        id={`filter-${name}`}
        name={name}
        value={view[name] ?? ""}
        onChange={(event) => go({ [name]: event.target.value })}
        className={filterControl}
      >
        {options.map(([value, optionText]) => (
          <option key={value} value={value}>
            {optionText}
          </option>
        ))}
      </select>
    </FilterField>
  );
  const date = (name: "joinedFrom" | "joinedTo", label: string) => (
    <FilterField id={`filter-${name}`} label={label}>
      <input
        id={`filter-${name}`}
        type="date"
        name={name}
        value={view[name]?.slice(0, 10) ?? ""}
        onChange={(event) => go({ [name]: event.target.value })}
        className={filterControl}
      />
    </FilterField>
  );
  const chips = activeFilters(view);

  return (
    <form
      method="get"
      action="/admin/users"
      role="search"
      aria-label="Users"
      aria-busy={pending || undefined}
      className="flex flex-col gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        search(text, "push");
      }}
    >
      <FilterField id="filter-q" label="Search users">
        <input
          id="filter-q"
          type="search"
          name="q"
          value={text}
          onChange={(event) => setText(event.target.value)}
          placeholder="Username, phone or e-mail"
          maxLength={100}
          autoComplete="off"
          className={filterControl}
        />
      </FilterField>
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-7">
        {choice("isActive", "Active", [
          ["", "Any"],
          ["true", "Active"],
          ["false", "Inactive"],
        ])}
        {choice("isStaff", "Staff", [
          ["", "Any"],
          ["true", "Staff"],
          ["false", "Not staff"],
        ])}
        {choice("mfaEnabled", "Two-factor", [
          ["", "Any"],
          ["true", "On"],
          ["false", "Off"],
        ])}
        {choice("deleted", "Deleted", [
          ["", "Hide deleted"],
          ["include", "Include deleted"],
          ["only", "Only deleted"],
        ])}
        {date("joinedFrom", "Joined from")}
        {date("joinedTo", "Joined to")}
        {choice("pageSize", "Per page", [
          ["", "25"],
          ["50", "50"],
          ["100", "100"],
        ])}
      </div>
      {view.sort && <input type="hidden" name="sort" value={view.sort} />}
      <noscript>
        <button type="submit" className={buttonStyles("secondary", "self-start")}>
          Apply filters
        </button>
      </noscript>
      <div className="flex min-h-8 flex-wrap items-center gap-2">
        {chips.length > 0 && (
          <ul aria-label="Active filters" className="flex flex-wrap gap-2">
            {chips.map((chip) => (
              <li
                key={chip.key}
                className="inline-flex max-w-full items-center gap-1 rounded-full bg-indigo-50 py-0.5 pr-1 pl-3 text-sm text-indigo-900 ring-1 ring-indigo-200 ring-inset dark:bg-indigo-950 dark:text-indigo-100 dark:ring-indigo-800"
              >
                <span className="truncate">{chip.text}</span>
                <button
                  type="button"
                  aria-label={`Remove filter: ${chip.text}`}
                  onClick={() => {
                    if (chip.key === "q") {
                      sentText.current = "";
                      setText("");
                    }
                    go({ [chip.key]: undefined });
                  }}
                  className="inline-flex size-6 items-center justify-center rounded-full hover:bg-indigo-100 dark:hover:bg-indigo-900"
                >
                  <span aria-hidden="true">×</span>
                </button>
              </li>
            ))}
          </ul>
        )}
        {chips.length > 0 && (
          <Link href={clearedHref(view)} className={buttonStyles("ghost", "px-2 py-1")}>
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
