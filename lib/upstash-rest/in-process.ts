import { errors, Redis, type Requester, type UpstashRequest, type UpstashResponse } from "@upstash/redis";
import { createUpstashHandler } from "./handler";
import { memoryRunner } from "./memory-runner";
import type { CommandRunner } from "./runner";

/**
 * A real @upstash/redis client whose requests, instead of going over HTTP, go straight to the
 * same Upstash-REST translator the bridge uses, over an in-memory engine (memory-runner.ts). The
 * rate limiter and lockout therefore run exactly the same code (and Lua) with or without Upstash.
 * State lives in this process only: it is correct for one app instance, never for several.
 */

export type InProcessRedis = { redis: Redis; close(): void };

/** `runner` is for comparisons (bench/micro-login.ts times the engines side by side). */
export function createInProcessRedis(runner: CommandRunner & { close(): void } = memoryRunner()): InProcessRedis {
  const handle = createUpstashHandler(runner);

  const requester: Requester = {
    async request<TResult>(req: UpstashRequest): Promise<UpstashResponse<TResult>> {
      const path = `/${(req.path ?? []).join("/")}`;
      const { status, body } = await handle({ path, body: req.body, base64: false });
      if (status !== 200) {
        // Exactly what @upstash/redis's HTTP client throws for a non-2xx answer.
        const message = "error" in body ? body.error : `HTTP ${status}`;
        throw new errors.UpstashError(`${message}, command was: ${JSON.stringify(req.body)}`);
      }
      // A pipeline's answer is an array; the client's Requester type only spells the single case.
      return body as UpstashResponse<TResult>;
    },
  };

  return { redis: new Redis(requester), close: runner.close };
}
