import { createHash } from "node:crypto";
import type { RedisCommand } from "./runner";

/**
 * Upstash accepts Lua scripts that start with `#!lua flags=allow-key-locking` (which
 * @upstash/ratelimit ≥ 2.1 sends); Redis rejects that flag. So scripts are forwarded without
 * their shebang line. The client, though, computes EVALSHA's SHA from the script as it wrote it,
 * so we remember original SHA → forwarded SHA and translate.
 */

/** A script's SHA as Redis computes it for EVALSHA. */
const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

/** Scripts are few (one per algorithm); the cap only stops a misbehaving client growing the map. */
const MAX_REMEMBERED = 10_000;

export class ScriptRewriter {
  private readonly forwardedSha = new Map<string, string>();

  /** The command to send to Redis in place of `command`. */
  rewrite(command: RedisCommand): RedisCommand {
    const [name, ...args] = command;
    switch (name.toLowerCase()) {
      case "eval":
      case "eval_ro":
        return [name, this.strip(args[0] ?? ""), ...args.slice(1)];
      case "evalsha":
      case "evalsha_ro":
        return [name, this.forwarded(args[0] ?? ""), ...args.slice(1)];
      case "script": {
        const sub = (args[0] ?? "").toLowerCase();
        if (sub === "load") return [name, args[0], this.strip(args[1] ?? "")];
        if (sub === "exists") return [name, args[0], ...args.slice(1).map((sha) => this.forwarded(sha))];
        return command;
      }
      default:
        return command;
    }
  }

  /**
   * The reply to give the client. SCRIPT LOAD answers the SHA of the script the client sent, as
   * Upstash does, so that a client using the returned SHA gets the translation above.
   */
  reply(command: RedisCommand, reply: unknown): unknown {
    const [name, sub, script] = command;
    if (name.toLowerCase() === "script" && sub?.toLowerCase() === "load" && script !== undefined) {
      return Buffer.from(sha1(script));
    }
    return reply;
  }

  private strip(script: string): string {
    if (!script.startsWith("#!")) return script;
    const newline = script.indexOf("\n");
    // Keep the newline so Lua error messages still point at the client's line numbers.
    const stripped = newline === -1 ? "" : script.slice(newline);
    if (this.forwardedSha.size >= MAX_REMEMBERED) this.forwardedSha.clear();
    this.forwardedSha.set(sha1(script), sha1(stripped));
    return stripped;
  }

  private forwarded(sha: string): string {
    return this.forwardedSha.get(sha.toLowerCase()) ?? sha;
  }
}
