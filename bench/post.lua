-- wrk script: one fixed chat request (POST), built once per thread from the environment that
-- bench/load.sh sets, and one machine-readable RESULT line at the end (latencies in ms).
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_KEY")
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"model":"' .. os.getenv("BENCH_MODEL") .. '","stream":false,"max_tokens":20,'
  .. '"messages":[{"role":"user","content":"Say hello to the benchmark."}]}'

done = function(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.status + e.timeout
  io.write(string.format("RESULT %d %d %.1f %.3f %.3f 0 0 0\n",
    summary.requests, errors, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
