-- wrk script for bench/ingest.py: send a file of pre-built, pre-signed requests, each once.
--
--   wrk -t2 -c8 -d600s --timeout 30s --latency -s bench/wrk_requests.lua URL -- REQUESTS OUT
--
-- REQUESTS holds records "<byte length>\n<raw HTTP/1.1 request>" written by bench/ingest.py.
-- Thread k of n takes records k, k+n, k+2n... and sends them in order on whichever of its
-- connections is free. Once its slice is sent, request() returns "" (wrk then sends nothing
-- on that connection); when the last answer of its slice is read, the thread writes
-- OUT.thread-k (so that ingest.py can stop wrk at once: wrk otherwise sleeps for all of -d)
-- and stops. done() writes OUT: wrk's counters and latency percentiles, and per thread the
-- requests sent, the answers read by (HTTP status, "status" field of the JSON answer), and
-- the monotonic clock at the first request and the last answer, for the rate.

local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clk_id, bench_timespec *tp);
]]
local ts = ffi.new("bench_timespec")
local function now() -- seconds on CLOCK_MONOTONIC, the clock of Python's time.monotonic()
  ffi.C.clock_gettime(1, ts)
  return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) * 1e-9
end

-- Main Lua state: number the threads and keep them for done().
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

-- Thread Lua states below (globals are what done() reads with thread:get).
requests, sent, answered, t0, t1, tally = {}, 0, 0, 0, 0, {}

function init(args)
  local path, nthreads = args[1], tonumber(args[3])
  out = args[2]
  local f = assert(io.open(path, "rb"))
  local data = f:read("*a")
  f:close()
  local pos, index = 1, 0
  while pos <= #data do
    local nl = data:find("\n", pos, true)
    local len = tonumber(data:sub(pos, nl - 1))
    if index % nthreads == id then
      requests[#requests + 1] = data:sub(nl + 1, nl + len)
    end
    index = index + 1
    pos = nl + 1 + len
  end
  total = #requests
  -- wrk calls request() once on thread 0 before it starts, to check the request's syntax
  -- (script_verify_request): answer that call without counting it as sent.
  verifying = id == 0
end

function request()
  if verifying then
    verifying = false
    return requests[1] or ""
  end
  if sent >= total then
    return "" -- slice sent: leave this connection idle
  end
  if sent == 0 then
    t0 = now()
  end
  sent = sent + 1
  return requests[sent]
end

function response(status, headers, body)
  answered = answered + 1
  local key = status .. " " .. (body:match('"status":%s*"(%a+)"') or "?")
  tally[key] = (tally[key] or 0) + 1
  if answered >= total then
    t1 = now()
    local parts = {}
    for k, n in pairs(tally) do
      parts[#parts + 1] = k .. "=" .. n
    end
    tally_text = table.concat(parts, ";")
    local f = io.open(out .. ".thread-" .. id, "w")
    if f then
      f:write("done\n")
      f:close()
    end
    wrk.thread:stop()
  end
end

function done(summary, latency, requests_)
  local f = assert(io.open(threads[1]:get("out"), "w"))
  local e = summary.errors
  f:write(string.format(
    '{"requests": %d, "duration_us": %d, "errors": {"connect": %d, "read": %d, "write": %d, ' ..
    '"status": %d, "timeout": %d}, "latency_us": {"min": %d, "mean": %.1f, "max": %d, ' ..
    '"p50": %d, "p90": %d, "p99": %d, "p999": %d}, "threads": [',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency.min, latency.mean, latency.max, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency:percentile(99.9)))
  for i, thread in ipairs(threads) do
    f:write(string.format(
      '%s{"id": %d, "total": %d, "sent": %d, "answered": %d, "t0": %.6f, "t1": %.6f, ' ..
      '"tally": "%s"}',
      i > 1 and ", " or "", thread:get("id"), thread:get("total") or 0, thread:get("sent"),
      thread:get("answered"), thread:get("t0"), thread:get("t1"),
      thread:get("tally_text") or ""))
  end
  f:write("]}\n")
  f:close()
end
