import { encodeResult, type JsonValue } from "./encode";
import { RedisReplyError, type CommandOutcome, type CommandRunner, type RedisCommand } from "./runner";
import { ScriptRewriter } from "./scripts";

/**
 * The Upstash REST protocol as @upstash/redis speaks it, translated to Redis commands:
 *   POST /            body ["SET","k","v"]           → 200 {result} | 400 {error}
 *   POST /pipeline    body [["GET","k"],["INCR","n"]] → 200 [{result}|{error}, …]
 *   POST /multi-exec  same body, run as one transaction → 200 [...] | 400 {error} if aborted
 * A store that cannot be reached gives 503 {error}. Every answer is JSON.
 */

export type UpstashRequest = { path: string; body: unknown; base64: boolean };
export type CommandResult = { result: JsonValue } | { error: string };
export type UpstashResponse = { status: number; body: CommandResult | CommandResult[] };

/** Commands that would change or block the one connection every client shares. */
const NOT_ALLOWED = new Set([
  "select",
  "multi",
  "exec",
  "discard",
  "watch",
  "unwatch",
  "quit",
  "reset",
  "hello",
  "auth",
  "client",
  "monitor",
  "subscribe",
  "psubscribe",
  "ssubscribe",
  "unsubscribe",
  "punsubscribe",
  "sunsubscribe",
  "blpop",
  "brpop",
  "blmove",
  "blmpop",
  "brpoplpush",
  "bzpopmin",
  "bzpopmax",
  "bzmpop",
  "wait",
  "waitaof",
  "shutdown",
  "debug",
  "sync",
  "psync",
]);

const fail = (status: number, error: string): UpstashResponse => ({ status, body: { error } });

function parseCommand(value: unknown): RedisCommand | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const parts: string[] = [];
  for (const part of value) {
    // The client serialises numbers and booleans as JSON scalars, objects as JSON text.
    if (typeof part === "string") parts.push(part);
    else if (typeof part === "number" || typeof part === "boolean") parts.push(String(part));
    else return undefined;
  }
  return parts as RedisCommand;
}

function parseBatch(body: unknown): RedisCommand[] | undefined {
  if (!Array.isArray(body) || body.length === 0) return undefined;
  const commands = body.map(parseCommand);
  return commands.every((c) => c !== undefined) ? (commands as RedisCommand[]) : undefined;
}

const notAllowed = (command: RedisCommand) =>
  NOT_ALLOWED.has(command[0].toLowerCase()) ? `ERR Command is not allowed: ${command[0]}` : undefined;

export function createUpstashHandler(runner: CommandRunner): (request: UpstashRequest) => Promise<UpstashResponse> {
  const scripts = new ScriptRewriter();

  const toResult = (command: RedisCommand, outcome: CommandOutcome, base64: boolean): CommandResult =>
    "error" in outcome ? outcome : { result: encodeResult(scripts.reply(command, outcome.reply), base64) };

  /** Runs the allowed commands; refused ones get their error in place, without reaching Redis. */
  async function execute(commands: RedisCommand[], atomic: boolean, base64: boolean): Promise<CommandResult[]> {
    const allowed = commands.filter((command) => !notAllowed(command));
    const outcomes =
      allowed.length > 0
        ? await runner.run(
            allowed.map((c) => scripts.rewrite(c)),
            atomic,
          )
        : [];
    let next = 0;
    return commands.map((command) => {
      const refusal = notAllowed(command);
      return refusal ? { error: refusal } : toResult(command, outcomes[next++], base64);
    });
  }

  return async function handle({ path, body, base64 }) {
    const route = path.split("?")[0].replace(/\/+$/, "") || "/";
    try {
      if (route === "/") {
        const command = parseCommand(body);
        if (!command) return fail(400, "ERR failed to parse command: expected a JSON array of strings");
        const [result] = await execute([command], false, base64);
        return { status: "error" in result ? 400 : 200, body: result };
      }
      if (route === "/pipeline" || route === "/multi-exec") {
        const commands = parseBatch(body);
        if (!commands) return fail(400, "ERR failed to parse pipeline: expected a JSON array of command arrays");
        const atomic = route === "/multi-exec";
        const refused = atomic ? commands.map(notAllowed).find(Boolean) : undefined;
        if (refused) return fail(400, `EXECABORT Transaction discarded because of previous errors: ${refused}`);
        return { status: 200, body: await execute(commands, atomic, base64) };
      }
      return fail(404, `ERR unknown path ${route}: use /, /pipeline or /multi-exec`);
    } catch (error) {
      if (error instanceof RedisReplyError) return fail(400, error.message);
      const reason = error instanceof Error ? error.message : String(error);
      return fail(503, `ERR Redis is unavailable: ${reason}`);
    }
  };
}
