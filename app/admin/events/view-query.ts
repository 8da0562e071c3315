/** The events view as the URL holds it: only the parameters set, in one order, so URLs stay clean. */

export const EVENT_VIEW_KEYS = ["type", "userId", "from", "to", "cursor"] as const;
export type EventViewKey = (typeof EVENT_VIEW_KEYS)[number];
export type EventView = Partial<Record<EventViewKey, string>>;

export function eventViewOf(params: Record<string, string | string[] | undefined>): EventView {
  const view: EventView = {};
  for (const key of EVENT_VIEW_KEYS) {
    const value = params[key];
    if (typeof value === "string" && value.trim() !== "") view[key] = value.trim();
  }
  return view;
}

export function eventViewHref(view: EventView): string {
  const query = new URLSearchParams(
    EVENT_VIEW_KEYS.flatMap((key) => (view[key] ? [[key, view[key]] as [string, string]] : [])),
  ).toString();
  return `/admin/events${query ? `?${query}` : ""}`;
}
