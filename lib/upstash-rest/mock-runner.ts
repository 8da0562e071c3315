import type RedisMock from "ioredis-mock";
import { sha1 } from "./scripts";
import { RedisReplyError, type CommandOutcome, type CommandRunner, type RedisCommand } from "./runner";

/**
 * Runs commands on ioredis-mock, papering over what it does differently from Redis so the
 * translator above it cannot tell: it has no generic `callBuffer`, no SCRIPT command, returns
 * HGETALL as an object, and returns Lua values unconverted (false instead of nil, floats).
 *
 * Atomicity: every mock command, Lua scripts included, executes synchronously when invoked, so
 * invoking a batch in one synchronous loop makes it a transaction (nothing can interleave).
 */

type MockInstance = InstanceType<typeof RedisMock>;
type MockMethod = (...args: (string | number)[]) => Promise<unknown>;

export type MockRunner = CommandRunner & { close(): void };

/** Redis's Lua-to-RESP rules: false → nil, true → 1, numbers truncated to integers. */
function fromLua(value: unknown): unknown {
  if (value === false) return null;
  if (value === true) return 1;
  if (typeof value === "number") return Math.trunc(value);
  if (Array.isArray(value)) return value.map(fromLua);
  return value;
}

export function mockRunner(mock: MockInstance, options: { sweepIntervalMs?: number } = {}): MockRunner {
  const methods = mock as unknown as Record<string, unknown>;
  const scripts = new Map<string, string>();
  // ioredis-mock drops an expired key only when it is touched again; remember the keys we
  // wrote and touch them now and then, so a long-running in-process store does not grow.
  const touchedKeys = new Set<string>();

  // Commands are the mock's own lower-case properties; its other methods (disconnect, on,
  // duplicate…) live on the prototype or start with "_", and must not be reachable by clients.
  const method = (name: string): MockMethod => {
    const found = [`${name}Buffer`, name].find((n) => /^[a-z]/.test(n) && Object.hasOwn(methods, n));
    const fn = found === undefined ? undefined : methods[found];
    if (typeof fn !== "function") throw new RedisReplyError(`ERR unknown command '${name}'`);
    return (...args) => (fn as MockMethod).apply(mock, args);
  };

  const evaluate = (script: string, numKeys: string, args: string[]) => {
    scripts.set(sha1(script), script);
    args.slice(0, Number(numKeys)).forEach((key) => touchedKeys.add(key));
    return method("eval")(script, Number(numKeys), ...args).then(fromLua);
  };

  const invoke = (command: RedisCommand): Promise<unknown> => {
    const [rawName, ...args] = command;
    const name = rawName.toLowerCase();
    switch (name) {
      case "eval":
      case "eval_ro":
        return evaluate(args[0], args[1], args.slice(2));
      case "evalsha":
      case "evalsha_ro": {
        const script = scripts.get((args[0] ?? "").toLowerCase());
        if (!script) throw new RedisReplyError("NOSCRIPT No matching script. Please use EVAL.");
        return evaluate(script, args[1], args.slice(2));
      }
      case "script":
        return Promise.resolve(scriptCommand(args));
      case "hgetall":
        return method(name)(...args).then((hash) => Object.entries(hash as object).flat());
      default:
        if (args[0] !== undefined) touchedKeys.add(args[0]);
        return method(name)(...args);
    }
  };

  const scriptCommand = ([sub = "", ...args]: string[]): unknown => {
    switch (sub.toLowerCase()) {
      case "load":
        scripts.set(sha1(args[0]), args[0]);
        return Buffer.from(sha1(args[0]));
      case "exists":
        return args.map((sha) => (scripts.has(sha.toLowerCase()) ? 1 : 0));
      case "flush":
        scripts.clear();
        return Buffer.from("OK");
      default:
        throw new RedisReplyError(`ERR unknown subcommand '${sub}'`);
    }
  };

  const sweep = setInterval(() => {
    for (const key of touchedKeys) {
      void method("exists")(key).then((count) => count === 0 && touchedKeys.delete(key));
    }
  }, options.sweepIntervalMs ?? 60_000);
  sweep.unref();

  return {
    async run(commands) {
      // Invoke every command before awaiting any: see the atomicity note above.
      const pending = commands.map((command) => {
        try {
          return invoke(command);
        } catch (error) {
          return Promise.reject(error);
        }
      });
      const settled = await Promise.allSettled(pending);
      return settled.map((result): CommandOutcome =>
        result.status === "fulfilled" ? { reply: result.value } : { error: errorText(result.reason) },
      );
    },
    close: () => clearInterval(sweep),
  };
}

/** The mock throws plain Errors (and TypeErrors for commands it lacks); all count as Redis errors. */
function errorText(error: unknown): string {
  if (error instanceof TypeError && /Unsupported command/.test(error.message)) {
    return `ERR unknown command, not supported by the in-memory store: ${error.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}
