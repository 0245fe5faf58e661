#!/usr/bin/env bash
# Healthgate load benchmark: the simulated fleet and the real gateway as two processes on
# 127.0.0.1, measured with wrk (non-streaming) and LoadProbe (streams; time to first chunk).
# Prints a table and ends by itself. Not part of `./healthgate test`. See bench/README.md.
#
# Knobs (environment): BENCH_DURATION (s, default 20), BENCH_WARMUP (s, default 5),
# BENCH_CONCURRENCY ("1 32 128"), BENCH_STREAM_CONCURRENCY ("1 32"), BENCH_GATEWAY_MODE
# (full | lean), BENCH_GENERATOR (auto | wrk | java), BENCH_JIT_WARMUP (s per path before the
# first row, default 30), BENCH_SKIP_BUILD=1, BENCH_JAVA_OPTS (both server JVMs).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
duration="${BENCH_DURATION:-20}"
warmup="${BENCH_WARMUP:-5}"
levels="${BENCH_CONCURRENCY:-1 32 128}"
stream_levels="${BENCH_STREAM_CONCURRENCY:-1 32}"
mode="${BENCH_GATEWAY_MODE:-full}"
generator="${BENCH_GENERATOR:-auto}"
scenario="$here/bench/scenario.yaml"
sim_key="sim-fake-bench"          # the scenario's fake upstream key
client_key="bench-client-key"     # BenchGateway.CLIENT_KEY
direct_model="echo-1"             # the offer's upstream id: what the gateway itself sends
gateway_model="bench/echo"

# --- JDK (>= 21) and build -------------------------------------------------------------------
. "$here/bench/java.sh"
case "$generator" in
  auto) if command -v wrk >/dev/null; then generator=wrk; else generator=java; fi ;;
  wrk) command -v wrk >/dev/null || { echo "bench: wrk not installed (apt-get install -y wrk)" >&2; exit 2; } ;;
  java) ;;
  *) echo "bench: BENCH_GENERATOR must be auto, wrk or java" >&2; exit 2 ;;
esac

# --- processes ---------------------------------------------------------------------------------
work="$(mktemp -d "${TMPDIR:-/tmp}/healthgate-bench.XXXXXX")"
sim_pid=""; gw_pid=""
cleanup() {
  for p in $gw_pid $sim_pid; do kill "$p" 2>/dev/null || true; done
  for p in $gw_pid $sim_pid; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
sim_port="$(free_port)"; gw_port="$(free_port)"
sim_url="http://127.0.0.1:$sim_port"
direct_url="$sim_url/gw/sim/v1/chat/completions"
gateway_url="http://127.0.0.1:$gw_port/v1/chat/completions"

"$java" "${jopts[@]}" -cp "$cp" io.healthgate.cli.Main simulate --port "$sim_port" --scenario "$scenario" >"$work/sim.log" 2>&1 &
sim_pid=$!
"$java" "${jopts[@]}" -cp "$cp" io.healthgate.bench.BenchGateway "$scenario" "$sim_url" "$gw_port" "$work/data" "$mode" >"$work/gw.log" 2>&1 &
gw_pid=$!

body='{"model":"%s","max_tokens":20,"messages":[{"role":"user","content":"Say hello to the benchmark."}]}'
status_of() { # url key model -> HTTP status of one call
  curl -s -o /dev/null -m 5 -w '%{http_code}' -H "Authorization: Bearer $2" -H 'Content-Type: application/json' \
    --data "$(printf "$body" "$3")" "$1" || true
}
ready=""
for _ in $(seq 1 120); do  # up to 60 s for both JVMs to start
  if [ "$(status_of "$direct_url" "$sim_key" "$direct_model")" = 200 ] && [ "$(status_of "$gateway_url" "$client_key" "$gateway_model")" = 200 ]; then
    ready=1; break
  fi
  kill -0 "$sim_pid" 2>/dev/null && kill -0 "$gw_pid" 2>/dev/null || break
  sleep 0.5
done
if [ -z "$ready" ]; then
  echo "bench: the simulator or the gateway did not answer 200; logs:" >&2
  tail -n 20 "$work/sim.log" "$work/gw.log" >&2
  exit 1
fi

# --- measuring ---------------------------------------------------------------------------------
proc_kib() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }       # pid field -> KiB
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }                      # user + system
ticks_per_s="$(getconf CLK_TCK)"
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

generate() { # target(direct|gateway) kind(plain|stream) concurrency warmup_s duration_s
  # -> "RESULT requests errors req/s p50 p99 ttfc50 ttfc99 frames server_cpu_ticks", where the
  # server is the process that answers the generator (the simulator direct, else the gateway).
  local target="$1" kind="$2" c="$3" url key model pid t0
  if [ "$target" = direct ]; then url="$direct_url"; key="$sim_key"; model="$direct_model"; pid="$sim_pid"
  else url="$gateway_url"; key="$client_key"; model="$gateway_model"; pid="$gw_pid"; fi
  if [ "$kind" = plain ] && [ "$generator" = wrk ]; then
    local threads=$(( c < 2 ? c : 2 )) r
    [ "$4" -gt 0 ] && BENCH_KEY="$key" BENCH_MODEL="$model" wrk -t"$threads" -c"$c" -d"${4}s" -s "$here/bench/post.lua" "$url" >/dev/null
    t0="$(cpu_ticks "$pid")"
    r="$(BENCH_KEY="$key" BENCH_MODEL="$model" wrk -t"$threads" -c"$c" -d"${5}s" -s "$here/bench/post.lua" "$url" | grep '^RESULT')"
    echo "$r $(( $(cpu_ticks "$pid") - t0 ))"
  else
    "$java" -cp "$cp" io.healthgate.bench.LoadProbe "$url" "$key" "$model" "$kind" "$c" "$4" "$5" 20 "$pid" | grep '^RESULT'
  fi
}

rss_idle="$(proc_kib "$gw_pid" VmRSS)"
echo "bench: simulator pid $sim_pid, gateway pid $gw_pid ($mode), generator: $generator (plain), LoadProbe (streams)" >&2
echo "bench: ${warmup}s warm-up + ${duration}s per row; load average before: $(loadavg)" >&2
# The JIT needs far more than one row's warm-up: on two busy cores the gateway after 3 s of load is
# 5-6x slower than after 30 s. Both paths first run a while at the top level.
jit_warmup="${BENCH_JIT_WARMUP:-30}"
if [ "$jit_warmup" -gt 0 ]; then
  top=$(for c in $levels; do echo "$c"; done | sort -n | tail -1)
  echo "bench: JIT warm-up, ${jit_warmup}s per path at $top connections ..." >&2
  for target in direct gateway; do generate "$target" plain "$top" 0 "$jit_warmup" >/dev/null; done
  generate gateway stream 8 0 5 >/dev/null
fi
rows=()
run_row() { # label kind concurrency target
  local r
  r="$(generate "$4" "$2" "$3" "$warmup" "$duration")"
  rows+=("$1 $2 $3 $4 $r $(loadavg | cut -d' ' -f1)")
  echo "bench: $1 c=$3 $4: ${r#RESULT } (load $(loadavg | cut -d' ' -f1))" >&2
}
for c in $levels; do
  run_row chat plain "$c" direct
  run_row chat plain "$c" gateway
done
for c in $stream_levels; do
  run_row stream stream "$c" direct
  run_row stream stream "$c" gateway
done
rss_after="$(proc_kib "$gw_pid" VmRSS)"; rss_peak="$(proc_kib "$gw_pid" VmHWM)"
load_end="$(loadavg)"

# --- table ---------------------------------------------------------------------------------------
printf '%s\n' "${rows[@]}" | awk -v gen="$generator" -v hz="$ticks_per_s" -v dur="$duration" '
  { key = $1 " " $3; target = $4
    req[key, target] = $8; p50[key, target] = $9; p99[key, target] = $10; t50[key, target] = $11; t99[key, target] = $12
    n[key, target] = $6; err[key, target] = $7; frames[key, target] = $13; load[key, target] = $15
    cpu[key, target] = 100 * $14 / hz / dur; cpureq[key, target] = $6 > 0 ? 1e6 * $14 / hz / $6 : 0
    if (!(key in seen)) { seen[key] = 1; order[++k] = key } }
  END {
    printf "\n%-15s %5s %9s %8s %8s %8s %8s %8s %8s %7s %8s %6s\n", "scenario", "conc", "req/s", "p50 ms", "p99 ms",
      "ttfc50", "ttfc99", "overhead", "+p50 ms", "srv cpu", "us/req", "errors"
    for (i = 1; i <= k; i++) {
      split(order[i], a, " "); stream = (a[1] == "stream"); key = order[i]
      for (j = 0; j < 2; j++) {
        t = j == 0 ? "direct" : "gateway"
        if (t == "direct") { over = "1.00x"; dp = "-" } else {
          over = req[key, "direct"] > 0 ? sprintf("%.2fx", req[key, t] / req[key, "direct"]) : "n/a"
          dp = sprintf("%+.2f", (stream ? t50[key, t] - t50[key, "direct"] : p50[key, t] - p50[key, "direct"])) }
        printf "%-15s %5s %9.1f %8.2f %8.2f %8s %8s %8s %8s %6.0f%% %8.0f %6d\n", a[1] " " t, a[2], req[key, t], p50[key, t], p99[key, t],
          stream ? sprintf("%.2f", t50[key, t]) : "-", stream ? sprintf("%.2f", t99[key, t]) : "-", over, dp,
          cpu[key, t], cpureq[key, t], err[key, t]
      }
    }
    printf "\noverhead: gateway req/s / direct req/s. +p50: added median latency (for streams: time to first chunk).\n"
    printf "srv cpu, us/req: CPU of the process answering the generator (direct: the simulator; gateway: the gateway alone).\n"
    printf "chat: non-streaming, generator %s; stream: <=20-token answers, chunks 10 ms apart, generator LoadProbe (JDK HttpClient).\n", gen
  }'
printf 'gateway (%s) RSS: %d MiB idle after start, %d MiB after the run, %d MiB peak (VmRSS/VmHWM of pid %s)\n' \
  "$mode" $((rss_idle / 1024)) $((rss_after / 1024)) $((rss_peak / 1024)) "$gw_pid"
printf 'load average at the end: %s (%s cores); java %s\n' "$load_end" "$(nproc)" "$("$java" -version 2>&1 | head -1)"
