#!/usr/bin/env bash
# Healthgate failover figures: what a failover, a first-token deadline, a hedge and a paced
# stream take on this machine, measured on the real gateway in front of the simulated fleet (one
# JVM, 127.0.0.1, random ports). Ends by itself in well under a minute. Not part of
# `./healthgate test`: the tests assert the behaviour, this prints the times. See bench/README.md.
#
# Knobs (environment): BENCH_REQUESTS (per latency sample, default 100), BENCH_SKIP_BUILD=1.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$here/bench/java.sh"
exec "$java" "${jopts[@]}" -cp "$cp" io.healthgate.bench.FailoverFigures "${BENCH_REQUESTS:-100}"
