import { lauxlib, lua, lualib, to_luastring, type LuaState } from "fengari";
import { RedisReplyError } from "./runner";

/**
 * Redis's scripting, for the in-process store (memory-runner.ts): one Lua state for the store's
 * whole life, each script compiled once. ioredis-mock builds a new Lua state for every EVAL,
 * which costs about 1.1 ms of CPU a call (3 per login); a compiled script reruns in ~25 µs.
 *
 * Values cross between Redis and Lua by Redis's rules (https://redis.io/docs/latest/develop/
 * interact/programmability/lua-api/): nil → false, status → {ok=…}, error → {err=…} (or an
 * error raised by redis.call); back again, numbers truncate to integers, false → nil, true → 1,
 * and an array ends at its first nil. Lua is fengari's 5.3; `unpack` is made global, as in
 * Redis's 5.1. A script runs to its end synchronously, which is what makes it atomic here; there
 * is no busy-script timeout, so the store must only ever run the app's own scripts.
 */

/** What a command answers: bulk text, an integer, nil, a status ("OK") or an array. */
export type Reply = string | number | null | StatusReply | Reply[];

export class StatusReply {
  constructor(readonly text: string) {}
}

/** Runs one command for a script (redis.call); throws RedisReplyError for Redis's error replies. */
export type ScriptCall = (args: string[]) => Reply;

export type LuaEngine = {
  /** Runs `script` with KEYS and ARGV; throws RedisReplyError when it fails or returns an error. */
  evaluate(script: string, keys: string[], args: string[]): Reply;
  close(): void;
};

/** Scripts are few (one per algorithm); the cap only stops an unbounded stream of new ones. */
const MAX_COMPILED = 1_000;

const PRELUDE = `
unpack = table.unpack
dofile, loadfile, print = nil, nil, nil
`;

const text = (value: string) => to_luastring(value);

export function createLuaEngine(call: ScriptCall): LuaEngine {
  const L = lauxlib.luaL_newstate();
  for (const [name, open] of [["_G", lualib.luaopen_base], ["table", lualib.luaopen_table], ["string", lualib.luaopen_string], ["math", lualib.luaopen_math]] as const) {
    lauxlib.luaL_requiref(L, text(name), open, 1);
    lua.lua_pop(L, 1);
  }
  defineRedisTable(L, call);
  runChunk(L, PRELUDE, "=prelude");

  const compiled = new Map<string, number>();

  function compile(script: string): number {
    const known = compiled.get(script);
    if (known !== undefined) return known;
    if (compiled.size >= MAX_COMPILED) {
      for (const ref of compiled.values()) lauxlib.luaL_unref(L, lua.LUA_REGISTRYINDEX, ref);
      compiled.clear();
    }
    const code = text(script);
    if (lauxlib.luaL_loadbuffer(L, code, code.length, text("=user_script")) !== lua.LUA_OK) {
      const message = lua.lua_tojsstring(L, -1);
      lua.lua_settop(L, 0);
      throw new RedisReplyError(`ERR Error compiling script (new function): ${message}`);
    }
    const ref = lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX);
    compiled.set(script, ref);
    return ref;
  }

  return {
    evaluate(script, keys, args) {
      const ref = compile(script);
      setArray(L, "KEYS", keys);
      setArray(L, "ARGV", args);
      lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, ref);
      try {
        if (lua.lua_pcall(L, 0, 1, 0) !== lua.LUA_OK) throw new RedisReplyError(withCode(errorText(L, -1)));
        return toReply(L, lua.lua_gettop(L));
      } finally {
        lua.lua_settop(L, 0);
      }
    },
    close: () => lua.lua_close(L),
  };
}

function defineRedisTable(L: LuaState, call: ScriptCall): void {
  lua.lua_createtable(L, 0, 4);
  const define = (name: string, fn: (L: LuaState) => number) => {
    lua.lua_pushjsfunction(L, fn);
    lua.lua_setfield(L, -2, text(name));
  };
  define("call", (L) => redisCall(L, call, false));
  define("pcall", (L) => redisCall(L, call, true));
  define("error_reply", (L) => pushField(L, "err", lua.lua_tojsstring(L, 1)));
  define("status_reply", (L) => pushField(L, "ok", lua.lua_tojsstring(L, 1)));
  lua.lua_setglobal(L, text("redis"));
}

function runChunk(L: LuaState, source: string, name: string): void {
  const code = text(source);
  if (lauxlib.luaL_loadbuffer(L, code, code.length, text(name)) !== lua.LUA_OK || lua.lua_pcall(L, 0, 0, 0) !== lua.LUA_OK) {
    throw new Error(`Lua ${name}: ${lua.lua_tojsstring(L, -1)}`);
  }
}

/** redis.call raises Redis's error; redis.pcall returns it as {err=…}. */
function redisCall(L: LuaState, call: ScriptCall, isProtected: boolean): number {
  const count = lua.lua_gettop(L);
  const args: string[] = [];
  for (let i = 1; i <= count; i++) {
    const type = lua.lua_type(L, i);
    if (type === lua.LUA_TSTRING) args.push(lua.lua_tojsstring(L, i));
    else if (type === lua.LUA_TNUMBER) args.push(String(lua.lua_tonumber(L, i))); // 4 / 2 is the float 2.0 in Lua 5.3: sent as "2", as Redis does
    else return raise(L, "ERR Lua redis lib command arguments must be strings or integers", isProtected);
  }
  if (args.length === 0) return raise(L, "ERR Please specify at least one argument for this redis lib call", isProtected);
  let reply: Reply;
  try {
    reply = call(args);
  } catch (error) {
    return raise(L, error instanceof Error ? withCode(error.message) : `ERR ${String(error)}`, isProtected);
  }
  pushReply(L, reply);
  return 1;
}

function raise(L: LuaState, message: string, isProtected: boolean): number {
  if (isProtected) return pushField(L, "err", message);
  lua.lua_pushstring(L, text(message));
  return lua.lua_error(L);
}

function pushField(L: LuaState, field: "ok" | "err", value: string): number {
  lua.lua_createtable(L, 0, 1);
  lua.lua_pushstring(L, text(value));
  lua.lua_setfield(L, -2, text(field));
  return 1;
}

function setArray(L: LuaState, name: string, values: string[]): void {
  lua.lua_createtable(L, values.length, 0);
  values.forEach((value, i) => {
    lua.lua_pushstring(L, text(value));
    lua.lua_rawseti(L, -2, i + 1);
  });
  lua.lua_setglobal(L, text(name));
}

function pushReply(L: LuaState, reply: Reply): void {
  if (reply === null) lua.lua_pushboolean(L, false);
  else if (typeof reply === "number") lua.lua_pushinteger(L, reply);
  else if (typeof reply === "string") lua.lua_pushstring(L, text(reply));
  else if (reply instanceof StatusReply) pushField(L, "ok", reply.text);
  else {
    lua.lua_createtable(L, reply.length, 0);
    reply.forEach((item, i) => {
      pushReply(L, item);
      lua.lua_rawseti(L, -2, i + 1);
    });
  }
}

/** The value at `index` (an absolute index) as Redis would reply it. */
function toReply(L: LuaState, index: number): Reply {
  switch (lua.lua_type(L, index)) {
    case lua.LUA_TNUMBER:
      return Math.trunc(lua.lua_tonumber(L, index));
    case lua.LUA_TSTRING:
      return lua.lua_tojsstring(L, index);
    case lua.LUA_TBOOLEAN:
      return lua.lua_toboolean(L, index) ? 1 : null;
    case lua.LUA_TTABLE:
      return tableReply(L, index);
    default:
      return null;
  }
}

function tableReply(L: LuaState, index: number): Reply {
  const err = stringField(L, index, "err");
  if (err !== undefined) throw new RedisReplyError(withCode(err));
  const ok = stringField(L, index, "ok");
  if (ok !== undefined) return new StatusReply(ok);
  const items: Reply[] = [];
  for (let i = 1; ; i++) {
    lua.lua_rawgeti(L, index, i);
    const top = lua.lua_gettop(L);
    if (lua.lua_type(L, top) === lua.LUA_TNIL) {
      lua.lua_pop(L, 1);
      return items;
    }
    items.push(toReply(L, top));
    lua.lua_pop(L, 1);
  }
}

function stringField(L: LuaState, index: number, field: string): string | undefined {
  lua.lua_getfield(L, index, text(field));
  const value = lua.lua_type(L, -1) === lua.LUA_TSTRING ? lua.lua_tojsstring(L, -1) : undefined;
  lua.lua_pop(L, 1);
  return value;
}

/** A script's error: a message, or the {err=…} table that redis.call raised or error() was given. */
function errorText(L: LuaState, index: number): string {
  if (lua.lua_type(L, index) === lua.LUA_TTABLE) return stringField(L, lua.lua_gettop(L), "err") ?? "ERR script failed";
  return lua.lua_type(L, index) === lua.LUA_TSTRING ? lua.lua_tojsstring(L, index) : "ERR script failed";
}

/** Redis's error replies start with an upper-case code (ERR, WRONGTYPE…); Lua's own messages get ERR. */
const withCode = (message: string) => (/^[A-Z]+ /.test(message) ? message : `ERR ${message}`);
