-- wrk script: many logged-in users. Each request carries the next user's session cookie (SESSIONS_FILE, one session
-- key a line) and goes to the next of LOAD_PATHS (comma-separated). Every status other than 200 is counted (wrk
-- itself counts only 4xx/5xx: a 302 to the login page would pass), per second of the run, and printed at the end:
-- "second <unix time> 200=<n> 503=<n> other=<n>" lines, then "non-200 <total>" and "p99 <ms> ms".
local sessions, paths = {}, {}
local counter = 0
local threads = {}
-- A global, flat and keyed by strings ("<unix second>:<status>"): done() reads each thread's copy with thread:get
-- (wrk 4.1 crashes copying nested tables).
counts = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(os.getenv("SESSIONS_FILE")) do
    if line ~= "" then table.insert(sessions, line) end
  end
  for path in string.gmatch(os.getenv("LOAD_PATHS") or "/", "[^,]+") do table.insert(paths, path) end
  counter = math.random(#sessions)
end

function request()
  counter = counter + 1
  local session = sessions[(counter % #sessions) + 1]
  local path = paths[(counter % #paths) + 1]
  return wrk.format("GET", path, { ["Cookie"] = "sessionid=" .. session })
end

function response(status, headers, body)
  local key = tostring(os.time()) .. ":" .. tostring(status)
  counts[key] = (counts[key] or 0) + 1
end

function done(summary, latency, requests)
  local per_second, seconds, bad = {}, {}, 0
  for _, thread in ipairs(threads) do
    for key, n in pairs(thread:get("counts") or {}) do
      local second, status = string.match(key, "(%d+):(%d+)")
      local row = per_second[second]
      if row == nil then
        row = { ok = 0, unavailable = 0, other = 0 }
        per_second[second] = row
        table.insert(seconds, second)
      end
      if status == "200" then
        row.ok = row.ok + n
      elseif status == "503" then
        row.unavailable = row.unavailable + n
      else
        row.other = row.other + n
      end
    end
  end
  table.sort(seconds)
  for _, second in ipairs(seconds) do
    local row = per_second[second]
    bad = bad + row.unavailable + row.other
    io.write(string.format("second %s 200=%d 503=%d other=%d\n", second, row.ok, row.unavailable, row.other))
  end
  io.write(string.format("non-200 %d\n", bad))
  io.write(string.format("p99 %.1f ms\n", latency:percentile(99) / 1000))
end
