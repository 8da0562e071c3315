import { userListQuerySchema, type UserListQuery } from "@/lib/validation/admin";

/**
 * The listing's whole view lives in the URL (shareable, survives reload). A page is lenient
 * where the API is strict: a bad value in a hand-edited URL is dropped (its default applies)
 * instead of failing the page.
 */

export type RawParams = Record<string, string>;
type SearchParams = Record<string, string | string[] | undefined>;

const FILTER_KEYS = ["q", "isActive", "isStaff", "mfaEnabled", "deleted", "joinedFrom", "joinedTo", "sort"] as const;
const KEYS = [...FILTER_KEYS, "page", "pageSize"] as const;

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
  changes: Partial<Record<(typeof KEYS)[number], string | undefined>> = {},
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
