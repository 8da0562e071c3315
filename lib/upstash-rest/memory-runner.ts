import { createLuaEngine, StatusReply, type Reply } from "./lua-engine";
import { sha1 } from "./scripts";
import { RedisReplyError, type CommandOutcome, type CommandRunner, type RedisCommand } from "./runner";

/**
 * The in-process store's engine: the Redis commands the app sends (strings, counters, expiry and
 * scripts; see COMMANDS), kept in a Map, with Lua run by lua-engine.ts. It replaced ioredis-mock
 * here because that library starts a new Lua state for every script call: 1.1 ms of CPU each,
 * three per login. The bridge's "memory" mode, a test and development tool, keeps ioredis-mock
 * for its wider command set.
 *
 * Every command, scripts included, runs synchronously: a batch, and each script, is atomic.
 * Expired keys are dropped when touched and by a sweep every minute, so a stream of one-off
 * clients (one rate-limit key per IP) does not grow the store.
 */

export type MemoryRunner = CommandRunner & {
  /** Keys held, expired ones not yet dropped included. */
  size(): number;
  close(): void;
};
export type MemoryRunnerOptions = { now?: () => number; sweepIntervalMs?: number };

type Entry = { value: string; expiresAt: number | undefined };
type Command = { minArgs: number; maxArgs: number; run(args: string[]): Reply; fromScripts?: false };

const OK = new StatusReply("OK");

export function memoryRunner(options: MemoryRunnerOptions = {}): MemoryRunner {
  const now = options.now ?? Date.now;
  const data = new Map<string, Entry>();
  const scripts = new Map<string, string>();
  const lua = createLuaEngine((args) => execute(args, true));

  function live(key: string): Entry | undefined {
    const entry = data.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= now()) {
      data.delete(key);
      return undefined;
    }
    return entry;
  }

  function integer(text: string): number {
    const value = Number(text);
    if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(value)) throw new RedisReplyError("ERR value is not an integer or out of range");
    return value;
  }

  function incrementBy(key: string, delta: number): number {
    const entry = live(key);
    const result = (entry ? integer(entry.value) : 0) + delta;
    if (!Number.isSafeInteger(result)) throw new RedisReplyError("ERR increment or decrement would overflow");
    data.set(key, { value: String(result), expiresAt: entry?.expiresAt });
    return result;
  }

  function expireIn(key: string, ms: number): number {
    const entry = live(key);
    if (!entry) return 0;
    if (ms <= 0) data.delete(key);
    else entry.expiresAt = now() + ms;
    return 1;
  }

  function timeToLive(key: string): number {
    const entry = live(key);
    if (!entry) return -2;
    return entry.expiresAt === undefined ? -1 : entry.expiresAt - now();
  }

  /** SET key value [NX | XX] [GET] [EX s | PX ms | KEEPTTL] */
  function set([key, value, ...flags]: string[]): Reply {
    let condition: "NX" | "XX" | undefined;
    let expiresInMs: number | undefined;
    let keepTtl = false;
    let returnOld = false;
    for (let i = 0; i < flags.length; i++) {
      const flag = flags[i].toUpperCase();
      if ((flag === "NX" || flag === "XX") && !condition) condition = flag;
      else if (flag === "GET") returnOld = true;
      else if (flag === "KEEPTTL" && expiresInMs === undefined) keepTtl = true;
      else if ((flag === "EX" || flag === "PX") && expiresInMs === undefined && !keepTtl && i + 1 < flags.length) {
        const amount = integer(flags[++i]);
        if (amount <= 0) throw new RedisReplyError("ERR invalid expire time in 'set' command");
        expiresInMs = flag === "EX" ? amount * 1000 : amount;
      } else throw new RedisReplyError("ERR syntax error");
    }
    const old = live(key);
    const written = condition === undefined || (condition === "NX") === (old === undefined);
    if (written) {
      const expiresAt = expiresInMs !== undefined ? now() + expiresInMs : keepTtl ? old?.expiresAt : undefined;
      data.set(key, { value, expiresAt });
    }
    if (returnOld) return old?.value ?? null;
    return written ? OK : null;
  }

  function evaluate(script: string, numKeys: string, rest: string[]): Reply {
    const count = integer(numKeys);
    if (count < 0) throw new RedisReplyError("ERR Number of keys can't be negative");
    if (count > rest.length) throw new RedisReplyError("ERR Number of keys can't be greater than number of args");
    scripts.set(sha1(script), script);
    return lua.evaluate(script, rest.slice(0, count), rest.slice(count));
  }

  function evaluateSha([sha, numKeys, ...rest]: string[]): Reply {
    const script = scripts.get(sha.toLowerCase());
    if (script === undefined) throw new RedisReplyError("NOSCRIPT No matching script. Please use EVAL.");
    return evaluate(script, numKeys, rest);
  }

  function scriptCommand([sub, ...args]: string[]): Reply {
    switch (sub.toUpperCase()) {
      case "LOAD":
        if (args.length !== 1) break;
        scripts.set(sha1(args[0]), args[0]);
        return sha1(args[0]);
      case "EXISTS":
        return args.map((sha) => (scripts.has(sha.toLowerCase()) ? 1 : 0));
      case "FLUSH":
        scripts.clear();
        return OK;
    }
    throw new RedisReplyError(`ERR unknown subcommand or wrong number of arguments for '${sub}'`);
  }

  const COMMANDS: Record<string, Command> = {
    PING: { minArgs: 0, maxArgs: 1, run: ([message]) => message ?? new StatusReply("PONG") },
    GET: { minArgs: 1, maxArgs: 1, run: ([key]) => live(key)?.value ?? null },
    SET: { minArgs: 2, maxArgs: 7, run: set },
    DEL: { minArgs: 1, maxArgs: Infinity, run: (keys) => keys.filter((key) => live(key) && data.delete(key)).length },
    EXISTS: { minArgs: 1, maxArgs: Infinity, run: (keys) => keys.filter((key) => live(key)).length },
    INCR: { minArgs: 1, maxArgs: 1, run: ([key]) => incrementBy(key, 1) },
    DECR: { minArgs: 1, maxArgs: 1, run: ([key]) => incrementBy(key, -1) },
    INCRBY: { minArgs: 2, maxArgs: 2, run: ([key, by]) => incrementBy(key, integer(by)) },
    DECRBY: { minArgs: 2, maxArgs: 2, run: ([key, by]) => incrementBy(key, -integer(by)) },
    PEXPIRE: { minArgs: 2, maxArgs: 2, run: ([key, ms]) => expireIn(key, integer(ms)) },
    EXPIRE: { minArgs: 2, maxArgs: 2, run: ([key, s]) => expireIn(key, integer(s) * 1000) },
    PTTL: { minArgs: 1, maxArgs: 1, run: ([key]) => timeToLive(key) },
    TTL: { minArgs: 1, maxArgs: 1, run: ([key]) => toSeconds(timeToLive(key)) },
    EVAL: { minArgs: 2, maxArgs: Infinity, run: ([script, numKeys, ...rest]) => evaluate(script, numKeys, rest), fromScripts: false },
    EVALSHA: { minArgs: 2, maxArgs: Infinity, run: evaluateSha, fromScripts: false },
    SCRIPT: { minArgs: 1, maxArgs: Infinity, run: scriptCommand, fromScripts: false },
  };
  COMMANDS.EVAL_RO = COMMANDS.EVAL;
  COMMANDS.EVALSHA_RO = COMMANDS.EVALSHA;

  function lookup([name, ...args]: string[], fromScript: boolean): Command {
    const command = COMMANDS[name.toUpperCase()];
    if (!command) throw new RedisReplyError(`ERR unknown command '${name}': the in-process store runs only ${Object.keys(COMMANDS).join(", ")}`);
    if (fromScript && command.fromScripts === false) throw new RedisReplyError("ERR This Redis command is not allowed from script");
    if (args.length < command.minArgs || args.length > command.maxArgs) {
      throw new RedisReplyError(`ERR wrong number of arguments for '${name.toLowerCase()}' command`);
    }
    return command;
  }

  function execute(command: string[], fromScript = false): Reply {
    return lookup(command, fromScript).run(command.slice(1));
  }

  const sweep = setInterval(() => {
    for (const key of data.keys()) live(key);
  }, options.sweepIntervalMs ?? 60_000);
  sweep.unref();

  return {
    async run(commands, atomic) {
      // As Redis does with MULTI, a transaction holding an unknown or malformed command runs none of it.
      if (atomic) {
        try {
          commands.forEach((command) => lookup(command, false));
        } catch (error) {
          throw new RedisReplyError(`EXECABORT Transaction discarded because of previous errors: ${(error as Error).message}`);
        }
      }
      return commands.map((command: RedisCommand): CommandOutcome => {
        try {
          return { reply: toOutcome(execute(command)) };
        } catch (error) {
          if (error instanceof RedisReplyError) return { error: error.message };
          throw error;
        }
      });
    },
    size: () => data.size,
    close() {
      clearInterval(sweep);
      lua.close();
    },
  };
}

/** TTL's answer: Redis rounds the milliseconds left to the nearest second; -1 and -2 pass through. */
const toSeconds = (ms: number) => (ms < 0 ? ms : Math.floor((ms + 500) / 1000));

/** Statuses travel as their text, as Upstash sends "OK". */
function toOutcome(reply: Reply): unknown {
  if (reply instanceof StatusReply) return reply.text;
  return Array.isArray(reply) ? reply.map(toOutcome) : reply;
}
