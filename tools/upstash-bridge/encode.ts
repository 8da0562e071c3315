/**
 * Turns a raw Redis reply (Buffers for strings, as `callBuffer` gives them) into the JSON value
 * Upstash puts in `result`. With `Upstash-Encoding: base64` every string is base64 of its exact
 * bytes, at any depth; without it, strings are UTF-8 text.
 */

export type JsonValue = string | number | null | JsonValue[];

export function encodeResult(reply: unknown, base64: boolean): JsonValue {
  // A top-level "OK" stays plain: it is what Upstash sends, and @upstash/redis's decoder passes
  // exactly that string through untouched (any other top-level string it base64-decodes).
  if (base64 && Buffer.isBuffer(reply) && reply.toString("latin1") === "OK") return "OK";
  return encodeValue(reply, base64);
}

function encodeValue(value: unknown, base64: boolean): JsonValue {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) return value.toString(base64 ? "base64" : "utf8");
  if (typeof value === "string") return encodeValue(Buffer.from(value), base64);
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "bigint") return Number(value);
  if (Array.isArray(value)) return value.map((item) => encodeValue(item, base64));
  // An error nested in a reply (a Lua table holding an error) travels as its message.
  if (value instanceof Error) return encodeValue(value.message, base64);
  return encodeValue(String(value), base64);
}
