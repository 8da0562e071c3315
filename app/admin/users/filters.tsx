import Link from "next/link";
import type { ReactNode } from "react";
import { buttonStyles } from "@/components/ui/button-styles";
import type { RawParams } from "./view-query";

const control =
  "block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm text-zinc-900 shadow-xs dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100";

function Labelled({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      {children}
    </div>
  );
}

function Choice({
  name,
  label,
  value,
  options,
}: {
  name: string;
  label: string;
  value?: string;
  options: Array<[string, string]>;
}) {
  return (
    <Labelled id={`filter-${name}`} label={label}>
      <select id={`filter-${name}`} name={name} defaultValue={value ?? ""} className={control}>
        {options.map(([optionValue, text]) => (
          <option key={optionValue} value={optionValue}>
            {text}
          </option>
        ))}
      </select>
    </Labelled>
  );
}

/**
 * Search and filters as a plain GET form: submitting puts the view into the URL, which is then
 * the whole state of the page (no client code). Sort and page size carry over; the page resets.
 */
export function UserFilters({ raw }: { raw: RawParams }) {
  return (
    <form method="get" action="/admin/users" role="search" aria-label="Users" className="flex flex-col gap-4">
      <div className="flex flex-col gap-1.5">
        <label htmlFor="filter-q" className="text-sm font-medium">
          Search users
        </label>
        <div className="flex gap-2">
          <input
            id="filter-q"
            type="search"
            name="q"
            defaultValue={raw.q ?? ""}
            placeholder="Username, phone or e-mail"
            maxLength={100}
            className={control}
          />
          <button type="submit" className={buttonStyles("primary")}>
            Search
          </button>
        </div>
      </div>
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-7">
        <Choice
          name="isActive"
          label="Active"
          value={raw.isActive}
          options={[
            ["", "Any"],
            ["true", "Active"],
            ["false", "Inactive"],
          ]}
        />
        <Choice
          name="isStaff"
          label="Staff"
          value={raw.isStaff}
          options={[
            ["", "Any"],
            ["true", "Staff"],
            ["false", "Not staff"],
          ]}
        />
        <Choice
          name="mfaEnabled"
          label="Two-factor"
          value={raw.mfaEnabled}
          options={[
            ["", "Any"],
            ["true", "On"],
            ["false", "Off"],
          ]}
        />
        <Choice
          name="deleted"
          label="Deleted"
          value={raw.deleted}
          options={[
            ["", "Hide deleted"],
            ["include", "Include deleted"],
            ["only", "Only deleted"],
          ]}
        />
        <Labelled id="filter-from" label="Joined from">
          <input
            id="filter-from"
            type="date"
            name="joinedFrom"
            defaultValue={raw.joinedFrom?.slice(0, 10) ?? ""}
            className={control}
          />
        </Labelled>
        <Labelled id="filter-to" label="Joined to">
          <input
            id="filter-to"
            type="date"
            name="joinedTo"
            defaultValue={raw.joinedTo?.slice(0, 10) ?? ""}
            className={control}
          />
        </Labelled>
        <Choice
          name="pageSize"
          label="Per page"
          value={raw.pageSize}
          options={[
            ["", "25"],
            ["50", "50"],
            ["100", "100"],
          ]}
        />
      </div>
      {raw.sort && <input type="hidden" name="sort" value={raw.sort} />}
      <div className="flex gap-3">
        <button type="submit" className={buttonStyles("secondary")}>
          Apply filters
        </button>
        <Link href="/admin/users" className={buttonStyles("ghost")}>
          Clear
        </Link>
      </div>
    </form>
  );
}
