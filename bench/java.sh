# Sourced by the bench scripts (needs $here, the repository root): finds a JDK 21 or newer like
# ./healthgate does, builds unless BENCH_SKIP_BUILD=1, and sets $java, $cp (the shaded jar plus
# the test classes, where the bench mains live) and $jopts.
if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
  for d in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    if [ -x "$d/bin/javac" ] && "$d/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then JAVA_HOME="$d"; break; fi
  done
fi
[ -x "${JAVA_HOME:-}/bin/java" ] || { echo "bench: no JDK 21 or newer found (set JAVA_HOME)" >&2; exit 2; }
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
java="$JAVA_HOME/bin/java"
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  echo "bench: building (mvn -o -DskipTests package) ..." >&2
  (cd "$here" && MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" mvn -B -q -o -DskipTests package) >&2
fi
cp="$here/target/healthgate.jar:$here/target/test-classes"
jopts=(--enable-native-access=ALL-UNNAMED -Dlogback.configurationFile="$here/src/main/resources/logback.xml" ${BENCH_JAVA_OPTS:-})
