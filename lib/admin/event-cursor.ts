/**
 * Where a page of the event listing starts: the (at, id) of the row next to it and which way to
 * read from there. Opaque to clients (base64url of JSON), checked on the way in.
 */
export type EventCursor = { at: Date; id: bigint; direction: "older" | "newer" };

export function encodeEventCursor({ at, id, direction }: EventCursor): string {
  return Buffer.from(JSON.stringify([direction === "older" ? "o" : "n", at.toISOString(), id.toString()])).toString(
    "base64url",
  );
}

export function decodeEventCursor(text: string): EventCursor | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    if (!Array.isArray(value) || value.length !== 3) return undefined;
    const [direction, at, id] = value as unknown[];
    if ((direction !== "o" && direction !== "n") || typeof at !== "string" || typeof id !== "string") return undefined;
    const date = new Date(at);
    if (Number.isNaN(date.getTime()) || !/^\d{1,19}$/.test(id)) return undefined;
    return { at: date, id: BigInt(id), direction: direction === "o" ? "older" : "newer" };
  } catch {
    return undefined;
  }
}
