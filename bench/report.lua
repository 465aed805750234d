-- wrk script: count responses by status class per thread and print one JSON line at the end
-- (requests, duration, p50/p95/p99 latency in microseconds, 2xx/3xx/4xx/5xx, socket errors).
-- Optional: PATHS_FILE (a Lua file returning {{path=..., cookie=...}, ...}) for a mixed load.
local threads = {}
local paths = nil
local file = os.getenv("PATHS_FILE")
if file and file ~= "" then paths = dofile(file) end
local counter = 0

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  s2, s3, s4, s5, s503 = 0, 0, 0, 0, 0
end

function request()
  if paths then
    counter = counter + 1
    local p = paths[(counter % #paths) + 1]
    local headers = {}
    if p.cookie ~= "" then headers["Cookie"] = p.cookie end
    return wrk.format("GET", p.path, headers)
  end
  return wrk.format()
end

function response(status, headers, body)
  if status == 503 then s503 = s503 + 1 end
  if status >= 500 then s5 = s5 + 1
  elseif status >= 400 then s4 = s4 + 1
  elseif status >= 300 then s3 = s3 + 1
  else s2 = s2 + 1 end
end

function done(summary, latency, requests)
  local t2, t3, t4, t5, t503 = 0, 0, 0, 0, 0
  for _, t in ipairs(threads) do
    t2 = t2 + t:get("s2"); t3 = t3 + t:get("s3"); t4 = t4 + t:get("s4"); t5 = t5 + t:get("s5")
    t503 = t503 + t:get("s503")
  end
  local e = summary.errors
  io.write(string.format(
    'JSON {"requests": %d, "duration_us": %d, "p50": %d, "p95": %d, "p99": %d, ' ..
    '"s2xx": %d, "s3xx": %d, "s4xx": %d, "s5xx": %d, "s503": %d, "connect": %d, "read": %d, ' ..
    '"write": %d, "timeout": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), t2, t3, t4, t5, t503, e.connect, e.read, e.write, e.timeout))
end
