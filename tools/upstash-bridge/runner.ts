import type Redis from "ioredis";

/**
 * What the Upstash-REST translator needs from a Redis: run commands in order, optionally as one
 * MULTI/EXEC transaction, and tell Redis's own errors (which go back to the client per command)
 * apart from an unreachable store (which fails the whole request).
 */

/** A command as the Upstash client sends it: name first, every argument already a string. */
export type RedisCommand = [name: string, ...args: string[]];

/** One command's outcome: its raw reply (Buffers for strings) or Redis's error message. */
export type CommandOutcome = { reply: unknown } | { error: string };

export interface CommandRunner {
  /**
   * Runs `commands` in order; `atomic` makes them one transaction. Throws RedisReplyError when the
   * whole transaction is refused (EXECABORT), any other error when the store cannot be reached.
   */
  run(commands: RedisCommand[], atomic: boolean): Promise<CommandOutcome[]>;
}

/** An error that Redis itself answered with (WRONGTYPE, NOSCRIPT, EXECABORT…). */
export class RedisReplyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RedisReplyError";
  }
}

// ioredis types ReplyError as `any`; its name is the stable way to recognise it.
const isIoredisReplyError = (error: unknown): error is Error => error instanceof Error && error.name === "ReplyError";

/** Redis's own errors become per-command outcomes; any other failure means the store is unreachable. */
function toOutcomes(settled: PromiseSettledResult<unknown>[]): CommandOutcome[] {
  for (const result of settled) {
    if (result.status === "rejected" && !isIoredisReplyError(result.reason)) throw result.reason;
  }
  return settled.map((result) =>
    result.status === "fulfilled" ? { reply: result.value } : { error: (result.reason as Error).message },
  );
}

/**
 * Runs commands on a real Redis through ioredis. Names are sent upper-cased on purpose: ioredis
 * keys its reply transformers by the literal name, and "hgetall" would otherwise come back as an
 * object instead of the flat array Upstash returns.
 */
export function ioredisRunner(redis: Redis): CommandRunner {
  return {
    async run(commands, atomic) {
      if (!atomic) {
        // Sent back to back on one connection, so Redis still executes them in order.
        return toOutcomes(
          await Promise.allSettled(commands.map(([name, ...args]) => redis.callBuffer(name.toUpperCase(), args))),
        );
      }
      const transaction = redis.multi();
      for (const [name, ...args] of commands) transaction.callBuffer(name.toUpperCase(), args);
      let replies: [Error | null, unknown][] | null;
      try {
        replies = await transaction.exec();
      } catch (error) {
        if (isIoredisReplyError(error)) throw new RedisReplyError(error.message);
        throw error;
      }
      if (replies === null) throw new RedisReplyError("EXECABORT Transaction discarded.");
      return toOutcomes(
        replies.map(([error, reply]): PromiseSettledResult<unknown> =>
          error ? { status: "rejected", reason: error } : { status: "fulfilled", value: reply },
        ),
      );
    },
  };
}
