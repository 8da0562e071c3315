/**
 * Lua for the login lockout on Upstash (see lockout.ts; memory-store.ts does the same in
 * TypeScript). KEYS[1] counts attempts of one (account, IP) pair since its last success;
 * KEYS[2] counts the account's failures across all IPs; KEYS[3] is the set of the account's pair
 * keys, so that an unlock can find every pair without scanning the store.
 * `allow-key-locking` lets Upstash lock just these keys; the bridge strips the line for Redis.
 * Both scripts return only numbers: Lua booleans do not survive every store the same way.
 */

/** ARGV: max pair attempts, pair lock ms, account ceiling, account window ms → {granted, waitMs, scope}. */
export const RESERVE_SCRIPT = `#!lua flags=allow-key-locking
local maxPair = tonumber(ARGV[1])
local pairMs = tonumber(ARGV[2])
local maxAccount = tonumber(ARGV[3])
local accountMs = tonumber(ARGV[4])

local pair = tonumber(redis.call("GET", KEYS[1]) or "0")
local account = tonumber(redis.call("GET", KEYS[2]) or "0")
if pair >= maxPair then
  return {0, redis.call("PTTL", KEYS[1]), 1}
end
if account >= maxAccount then
  return {0, redis.call("PTTL", KEYS[2]), 2}
end

-- Counted before the password is checked; the lock runs from the latest counted attempt.
redis.call("INCR", KEYS[1])
redis.call("PEXPIRE", KEYS[1], pairMs)
-- Every pair counter expires within pairMs of the account's latest attempt: so does their set.
redis.call("SADD", KEYS[3], KEYS[1])
redis.call("PEXPIRE", KEYS[3], pairMs)
account = redis.call("INCR", KEYS[2])
if account == 1 or account >= maxAccount then
  -- A window starts with its first failure; reaching the ceiling locks for a full window.
  redis.call("PEXPIRE", KEYS[2], accountMs)
end
return {1, 0, 0}
`;

/** Resets the pair and takes this (successful) attempt back off the account's failures. */
export const RECORD_SUCCESS_SCRIPT = `#!lua flags=allow-key-locking
redis.call("DEL", KEYS[1])
local account = tonumber(redis.call("GET", KEYS[2]) or "0")
if account > 0 then
  redis.call("DECR", KEYS[2])
end
return 1
`;

/** KEYS: the set of pair keys, the account counter, then every pair key → the attempts they held. */
export const UNLOCK_SCRIPT = `#!lua flags=allow-key-locking
local counted = 0
for i = 2, #KEYS do
  counted = counted + tonumber(redis.call("GET", KEYS[i]) or "0")
end
-- One key at a time: unpack() of a long list would overflow Lua's stack.
for i = 1, #KEYS do
  redis.call("DEL", KEYS[i])
end
return counted
`;
