import type { MiddlewareHandler } from "hono";
import { problem, problemResponse } from "@/lib/http/problem";
import { logger } from "@/lib/log";
import type { ApiEnv } from "./request-context";

/**
 * For an answer whose length is not known (no Content-Length), reads as far as its second chunk:
 * - a body of one chunk (any JSON answer, however made) gets its Content-Length, so compression
 *   can leave a small answer alone;
 * - a longer, streamed one (the CSV export) is passed on as it comes, and a failure never shows
 *   the client why: before the first chunk the answer becomes a 500 problem+json (none of the
 *   failed answer's headers kept); later the status is gone, so it is logged and the client sees
 *   the connection end.
 */
export const settleBody: MiddlewareHandler<ApiEnv> = async (c, next) => {
  await next();
  const { body, headers } = c.res;
  if (!body || headers.has("content-length")) return;
  const reader = body.getReader();
  type Read = Awaited<ReturnType<typeof reader.read>>;
  let first: Read;
  let second: Read;
  try {
    first = await reader.read();
    second = first.done ? first : await reader.read();
  } catch (err) {
    logger.error({ err, path: c.req.path }, "an API answer failed before it started");
    // Unset first: Hono would otherwise copy the failed answer's headers onto this one.
    c.res = undefined;
    c.res = problemResponse(problem(500, { detail: "The server could not produce this answer." }));
    return;
  }
  if (first.done || second.done) {
    const whole = first.done ? new Uint8Array() : first.value;
    c.res = new Response(whole, c.res);
    c.res.headers.set("content-length", String(whole.byteLength));
    return;
  }
  c.res = new Response(rest([first.value, second.value], reader, c.req.path), c.res);
};

function rest<Chunk>(read: Chunk[], reader: ReadableStreamDefaultReader<Chunk>, path: string) {
  return new ReadableStream<Chunk>({
    start(controller) {
      for (const chunk of read) controller.enqueue(chunk);
    },
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (err) {
        logger.error({ err, path }, "an API answer failed while streaming");
        controller.error(new Error("The answer could not be completed."));
      }
    },
    cancel: (reason) => reader.cancel(reason),
  });
}
