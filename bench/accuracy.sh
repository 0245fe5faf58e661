#!/usr/bin/env bash
# Healthgate health-accuracy figures: the health engine against the default simulated fleet at
# compressed time (about 80 s), compared with its ground truth every half second; prints the
# FIGURES lines that HealthAccuracyTest used to print. Ends by itself. Not part of
# `./healthgate test` (HealthAccuracyTest asserts the targets there). See bench/README.md.
#
# Knobs (environment): BENCH_SKIP_BUILD=1.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$here/bench/java.sh"
# The run shares its setup with HealthAccuracyTest, which checks its preconditions with AssertJ.
assertj="$(ls "${HOME}"/.m2/repository/org/assertj/assertj-core/*/assertj-core-*.jar 2>/dev/null | grep -v sources | sort | tail -1)"
[ -n "$assertj" ] && cp="$cp:$assertj"
exec "$java" "${jopts[@]}" -cp "$cp" io.healthgate.health.HealthAccuracyFigures
