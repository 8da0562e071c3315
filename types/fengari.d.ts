// The part of fengari (Lua 5.3 in JavaScript) that lib/upstash-rest/lua-engine.ts uses; the
// package ships no types. Lua strings are byte arrays (Uint8Array).
declare module "fengari" {
  export type LuaState = { readonly __luaState: unique symbol };
  type JsFunction = (L: LuaState) => number;

  export const lua: {
    LUA_OK: number;
    LUA_REGISTRYINDEX: number;
    LUA_TNIL: number;
    LUA_TBOOLEAN: number;
    LUA_TNUMBER: number;
    LUA_TSTRING: number;
    LUA_TTABLE: number;
    lua_close(L: LuaState): void;
    lua_createtable(L: LuaState, narr: number, nrec: number): void;
    lua_error(L: LuaState): number;
    lua_getfield(L: LuaState, index: number, key: Uint8Array): number;
    lua_gettop(L: LuaState): number;
    lua_isinteger(L: LuaState, index: number): boolean;
    lua_pcall(L: LuaState, nargs: number, nresults: number, msgh: number): number;
    lua_pop(L: LuaState, n: number): void;
    lua_pushboolean(L: LuaState, value: boolean): void;
    lua_pushinteger(L: LuaState, value: number): void;
    lua_pushjsfunction(L: LuaState, fn: JsFunction): void;
    lua_pushstring(L: LuaState, value: Uint8Array): void;
    lua_rawgeti(L: LuaState, index: number, n: number): number;
    lua_rawlen(L: LuaState, index: number): number;
    lua_rawseti(L: LuaState, index: number, n: number): void;
    lua_setfield(L: LuaState, index: number, key: Uint8Array): void;
    lua_setglobal(L: LuaState, name: Uint8Array): void;
    lua_settop(L: LuaState, index: number): void;
    lua_toboolean(L: LuaState, index: number): boolean;
    lua_tojsstring(L: LuaState, index: number): string;
    lua_tonumber(L: LuaState, index: number): number;
    lua_type(L: LuaState, index: number): number;
  };
  export const lauxlib: {
    luaL_loadbuffer(L: LuaState, code: Uint8Array, size: number | null, name: Uint8Array): number;
    luaL_newstate(): LuaState;
    luaL_ref(L: LuaState, table: number): number;
    luaL_requiref(L: LuaState, name: Uint8Array, open: JsFunction, global: number): void;
    luaL_unref(L: LuaState, table: number, ref: number): void;
  };
  export const lualib: {
    luaopen_base: JsFunction;
    luaopen_math: JsFunction;
    luaopen_string: JsFunction;
    luaopen_table: JsFunction;
  };
  export function to_luastring(text: string): Uint8Array;
}
