#!/usr/bin/env bash
# Healthgate health-accuracy benchmark (issue 11 item 6): the real gateway, with its shipped
# monitoring settings, in front of the simulator's default scenario (31 gateways, 387 models,
# 767 offers) for one simulated day on a fake clock, compared with the fleet's ground truth;
# prints FIGURES lines, each with its definition. Ends by itself. See docs/BENCHMARKS.md
# "## Health accuracy" and io.healthgate.app.AccuracyDay.
#
#   bench/accuracy.sh --day                  probes and canaries on, one simulated day (~6-10 min wall here)
#   bench/accuracy.sh --day-without-probes   monitoring off, live traffic only, one simulated day
#   bench/accuracy.sh --smoke                the test's slice (two simulated hours, < 1 min wall)
#   ... --hours N                            shortens a day run to N simulated hours
#
# Knobs (environment): BENCH_SKIP_BUILD=1.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ $# -eq 0 ] && set -- --day
for a in "$@"; do
  case "$a" in
    --day|--day-without-probes|--smoke|--hours|[0-9]*) ;;
    *) echo "usage: bench/accuracy.sh [--day | --day-without-probes | --smoke] [--hours N]" >&2; exit 2 ;;
  esac
done
. "$here/bench/java.sh"
# The harness lives with the tests and uses their support classes (FakeClock, ManualExecutor,
# GatewayCalls, which links AssertJ).
assertj="$(ls "${HOME}"/.m2/repository/org/assertj/assertj-core/*/assertj-core-*.jar 2>/dev/null | grep -v sources | sort | tail -1)"
[ -n "$assertj" ] && cp="$cp:$assertj"
start=$SECONDS
"$java" "${jopts[@]}" -cp "$cp" io.healthgate.app.AccuracyDay "$@"
echo "bench: accuracy $* took $((SECONDS - start)) s wall" >&2
