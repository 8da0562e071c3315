import { z } from "zod";
import type { FieldErrors } from "@/lib/errors";
import { problem, problemResponse } from "@/lib/http/problem";
import { fieldErrorsOf } from "@/lib/validation/issues";

/** Bodies beyond this are refused unread: no endpoint of ours needs more. */
export const MAX_BODY_BYTES = 64 * 1024;

/** A failure to read input, already shaped as the response to send. */
export class InputError extends Error {
  constructor(readonly response: Response) {
    super("invalid input");
  }
}

function invalid(detail: string, errors?: FieldErrors): InputError {
  return new InputError(problemResponse(problem(400, { detail, ...(errors ? { errors } : {}) })));
}

function isJson(contentType: string | null): boolean {
  const mediaType = contentType?.split(";")[0]?.trim().toLowerCase() ?? "";
  return mediaType === "application/json" || /^application\/[\w.+-]+\+json$/.test(mediaType);
}

/** Reads and validates a JSON body: 415 for another type, 413 when too large, 400 when malformed. */
export async function readJsonBody<T>(request: Request, schema: z.ZodType<T>): Promise<T> {
  if (!isJson(request.headers.get("content-type"))) {
    throw new InputError(
      problemResponse(problem(415, { detail: "Send the body as JSON with Content-Type: application/json." })),
    );
  }
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const text = await readText(request);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid("The body is not valid JSON.");
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw invalid("The body must be a JSON object.");
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalid("The request has invalid fields.", fieldErrorsOf(parsed.error));
  return parsed.data;
}

/** Validates the query string; a repeated key keeps its last value. */
export function readQuery<T>(request: Request, schema: z.ZodType<T>): T {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = schema.safeParse(query);
  if (!parsed.success) throw invalid("The query has invalid parameters.", fieldErrorsOf(parsed.error, "query"));
  return parsed.data;
}

function tooLarge(): InputError {
  return new InputError(problemResponse(problem(413, { detail: `Keep the body under ${MAX_BODY_BYTES} bytes.` })));
}

/**
 * Reads the body as text. With a declared length (already checked against the limit) the
 * request reads it whole: the HTTP parser delivers no more than declared, and @hono/node-server
 * reads it straight from the socket that way, without building a web stream. A chunked body
 * declares nothing: it is streamed, stopping as soon as it passes the limit.
 */
async function readText(request: Request): Promise<string> {
  if (request.headers.has("content-length")) return request.text();
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return new TextDecoder("utf-8", { fatal: false }).decode(Buffer.concat(chunks));
}
