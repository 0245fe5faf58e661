#!/usr/bin/env bash
# Healthgate rescue figures (issue 12): at the shipped defaults with stream rescue on, how long a
# hanging 200 ms offer takes to give way to the fallback's answer, and how long a 30 s stall with
# the connection open takes to become a whole answer continued on the next offer. Real gateway in
# front of the simulated fleet (one JVM, 127.0.0.1, random ports); ends by itself in under a
# minute. Not part of `./healthgate test`: the tests assert the behaviour, this prints the times.
# See bench/README.md. Knob: BENCH_SKIP_BUILD=1.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$here/bench/java.sh"
exec "$java" "${jopts[@]}" -cp "$cp" io.healthgate.bench.RescueFigures
