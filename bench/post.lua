-- wrk script: one fixed chat request (POST), built once per thread from the environment that
-- bench/load.sh and bench/run-all set, and one machine-readable RESULT line at the end
-- (latencies in ms). BENCH_KEY (optional) becomes the bearer key; BENCH_HEADERS adds more
-- headers, "Name: value|Name: value" (Portkey's provider headers, for one).
wrk.method = "POST"
local key = os.getenv("BENCH_KEY")
if key and key ~= "" then wrk.headers["Authorization"] = "Bearer " .. key end
wrk.headers["Content-Type"] = "application/json"
for h in string.gmatch(os.getenv("BENCH_HEADERS") or "", "[^|]+") do
  local name, value = string.match(h, "^%s*([^:]+):%s*(.-)%s*$")
  if name then wrk.headers[name] = value end
end
wrk.body = '{"model":"' .. os.getenv("BENCH_MODEL") .. '","stream":false,"max_tokens":20,'
  .. '"messages":[{"role":"user","content":"Say hello to the benchmark."}]}'

done = function(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.status + e.timeout
  io.write(string.format("RESULT %d %d %.1f %.3f %.3f 0 0 0\n",
    summary.requests, errors, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
