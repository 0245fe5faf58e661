#!/usr/bin/env bash
# Healthgate fleet figures: three gateway instances in one JVM on the local Redis (its own key
# prefix, removed afterwards) in front of the simulated fleet. Prints how old a breaker opened by
# instance A's traffic is when B and C apply it, their staleness meters (p50/max of every peer
# message), and how long a clean stop takes to move A's probe leases to B and C. Needs Redis at
# HEALTHGATE_TEST_REDIS_URL (default redis://127.0.0.1:6379). Ends by itself in about a minute.
#
# Knobs (environment): BENCH_ROUNDS (breakers opened, default 20), BENCH_SKIP_BUILD=1.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$here/bench/java.sh"
exec "$java" "${jopts[@]}" -cp "$cp" io.healthgate.app.FleetFigures "${BENCH_ROUNDS:-20}"
