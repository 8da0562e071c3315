-- The bench's requests, for wrk (bench/wrk.ts runs it; one Lua state per wrk thread):
--
--   wrk … -s bench/wrk.lua URL -- get PATH TOKEN…
--       GET PATH with these bearer tokens in turn
--   wrk … -s bench/wrk.lua URL -- login USER_PREFIX USERS IP_PREFIX FIRST STRIDE PASSWORD_JSON
--       POST /api/auth/login; request i (FIRST + thread id + STRIDE × k) names user
--       USER_PREFIX(i mod USERS + 1) and comes from address IP_PREFIX(i in hex), so the real
--       rate limits and lockout let a crowd of users in
--
-- done() prints one line, "wrk-result {json}": requests sent, answers by status, errors, latency.

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

-- Globals, so that done() can read them from each thread's state.
sent = 0
statuses = {}

local mode, path, tokens, login

function init(args)
  mode = args[1]
  if mode == "get" then
    path, tokens = args[2], {}
    for i = 3, #args do tokens[#tokens + 1] = "Bearer " .. args[i] end
  elseif mode == "login" then
    login = {
      userPrefix = args[2], users = tonumber(args[3]), ipPrefix = args[4],
      first = tonumber(args[5]), stride = tonumber(args[6]), password = args[7],
    }
  else
    error("bench/wrk.lua: unknown mode " .. tostring(mode))
  end
end

function request()
  local k = sent
  sent = sent + 1
  if mode == "get" then
    return wrk.format("GET", path, { ["Authorization"] = tokens[k % #tokens + 1] })
  end
  local i = login.first + id + login.stride * k
  local body = string.format('{"identifier":"%s%d","password":%s}', login.userPrefix, i % login.users + 1, login.password)
  local headers = { ["Content-Type"] = "application/json", ["X-Forwarded-For"] = string.format("%s%x", login.ipPrefix, i) }
  return wrk.format("POST", "/api/auth/login", headers, body)
end

function response(status)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency)
  local total, byStatus = 0, {}
  for _, thread in ipairs(threads) do
    total = total + thread:get("sent")
    for status, n in pairs(thread:get("statuses")) do byStatus[status] = (byStatus[status] or 0) + n end
  end
  local counts = {}
  for status, n in pairs(byStatus) do counts[#counts + 1] = string.format('"%d":%d', status, n) end
  local e = summary.errors
  -- wrk calls request() once before the run, to check the script: that one is never sent.
  io.write(string.format(
    'wrk-result {"sent":%d,"completed":%d,"durationUs":%d,"statuses":{%s},' ..
      '"errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d},' ..
      '"latencyUs":{"p50":%d,"p90":%d,"p99":%d,"max":%d,"mean":%.1f}}\n',
    total - 1, summary.requests, summary.duration, table.concat(counts, ","),
    e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
