#!/usr/bin/env bash
# Healthgate early-warning figures (issue 17 item 2): the health engine's drift detector and the
# alert rules, in process on a fake clock, over outcome streams generated from the simulator's
# fault model (scheduled outages with a ramp before each, and a simulated day of healthy traffic).
# Deterministic for a seed; prints each figure with its definition. About a minute on 2 cores.
#
#   bench/prediction.sh [--smoke] [--seed N]
#
# Knobs (environment): BENCH_SKIP_BUILD=1. See docs/BENCHMARKS.md "Early warning".
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$here/bench/java.sh"
exec "$java" "${jopts[@]}" -cp "$cp" io.healthgate.bench.PredictionFigures "$@"
