import { userListQuerySchema, type UserListQuery } from "@/lib/validation/admin";

/**
 * The listing's whole view lives in the URL (shareable, survives reload). A page is lenient
 * where the API is strict: a bad value in a hand-edited URL is dropped (its default applies)
 * instead of failing the page.
 */

export type RawParams = Record<string, string>;
type SearchParams = Record<string, string | string[] | undefined>;

/** What narrows the listing: the chips, "Clear filters" and "select all matching" go by these. */
export const NARROWING_KEYS = ["q", "isActive", "isStaff", "mfaEnabled", "deleted", "joinedFrom", "joinedTo"] as const;
const FILTER_KEYS = [...NARROWING_KEYS, "sort"] as const;
const KEYS = [...FILTER_KEYS, "page", "pageSize"] as const;
export type ViewKey = (typeof KEYS)[number];

export function readView(searchParams: SearchParams): { query: UserListQuery; raw: RawParams } {
  const raw: RawParams = {};
  for (const key of KEYS) {
    const value = searchParams[key];
    const last = Array.isArray(value) ? value.at(-1) : value;
    if (last !== undefined && last.trim() !== "") raw[key] = last.trim();
  }
  const first = userListQuerySchema.safeParse(raw);
  if (first.success) return { query: first.data, raw };
  for (const issue of first.error.issues) delete raw[String(issue.path[0])];
  return { query: userListQuerySchema.parse(raw), raw };
}

/** A link to this view with some values changed ("" or undefined removes one). */
export function viewHref(
  raw: RawParams,
  changes: Partial<Record<ViewKey, string | undefined>> = {},
  base = "/admin/users",
): string {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    const value = key in changes ? changes[key] : raw[key];
    if (value) params.set(key, value);
  }
  const text = params.toString();
  return text ? `${base}?${text}` : base;
}

/** The export of this view: its filters and sort, every page. */
export function exportHref(raw: RawParams): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) if (raw[key]) params.set(key, raw[key]);
  const text = params.toString();
  return `/admin/users/export${text ? `?${text}` : ""}`;
}

const CHIP_TEXT: Record<string, Record<string, string>> = {
  isActive: { true: "Active", false: "Inactive" },
  isStaff: { true: "Staff", false: "Not staff" },
  mfaEnabled: { true: "Two-factor on", false: "Two-factor off" },
  deleted: { include: "Including deleted", only: "Only deleted" },
};

/** One chip per filter in force, in the order of the controls, with what it says. */
export function activeFilters(raw: RawParams): Array<{ key: (typeof NARROWING_KEYS)[number]; text: string }> {
  const chips: Array<{ key: (typeof NARROWING_KEYS)[number]; text: string }> = [];
  for (const key of NARROWING_KEYS) {
    const value = raw[key];
    if (!value || (key === "deleted" && value === "exclude")) continue;
    if (key === "q") chips.push({ key, text: `Search: “${value}”` });
    else if (key === "joinedFrom") chips.push({ key, text: `Joined from ${value.slice(0, 10)}` });
    else if (key === "joinedTo") chips.push({ key, text: `Joined to ${value.slice(0, 10)}` });
    else chips.push({ key, text: CHIP_TEXT[key]?.[value] ?? `${key}: ${value}` });
  }
  return chips;
}

/** The same view without any filter (sort and page size kept). */
export function clearedHref(raw: RawParams): string {
  return viewHref({}, { sort: raw.sort, pageSize: raw.pageSize });
}
