#!/usr/bin/env bash
# Healthgate failover figures: what a failover, a first-token deadline, a hedge and a paced
# stream take on this machine, measured on the real gateway in front of the simulated fleet (one
# JVM, 127.0.0.1, random ports). Ends by itself in well under a minute. Not part of
# `./healthgate test`: the tests assert the behaviour, this prints the times. See bench/README.md.
#
# Knobs (environment): BENCH_REQUESTS (per latency sample, default 100), BENCH_SKIP_BUILD=1.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
  for d in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    if [ -x "$d/bin/javac" ] && "$d/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then JAVA_HOME="$d"; break; fi
  done
fi
[ -x "${JAVA_HOME:-}/bin/java" ] || { echo "bench: no JDK 21 or newer found (set JAVA_HOME)" >&2; exit 2; }
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  echo "bench: building (mvn -o -DskipTests package) ..." >&2
  (cd "$here" && MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" mvn -B -q -o -DskipTests package) >&2
fi
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
  -Dlogback.configurationFile="$here/src/main/resources/logback.xml" \
  -cp "$here/target/healthgate.jar:$here/target/test-classes" \
  io.healthgate.bench.FailoverFigures "${BENCH_REQUESTS:-100}"
