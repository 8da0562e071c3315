import { randomUUID } from "node:crypto";
import { errors, Redis, type Requester, type UpstashRequest, type UpstashResponse } from "@upstash/redis";
import RedisMock from "ioredis-mock";
import { createUpstashHandler } from "./handler";
import { mockRunner } from "./mock-runner";

/**
 * A real @upstash/redis client whose requests, instead of going over HTTP, go straight to the
 * same Upstash-REST translator the bridge uses, over an in-memory ioredis-mock. The rate limiter
 * and lockout therefore run exactly the same code (and Lua) with or without Upstash configured.
 * State lives in this process only: it is correct for one app instance, never for several.
 */

export type InProcessRedis = { redis: Redis; close(): void };

export function createInProcessRedis(): InProcessRedis {
  // ioredis-mock shares data between instances with the same host; a unique one isolates this store.
  const runner = mockRunner(new RedisMock({ host: `in-process-${randomUUID()}` }));
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
