#!/usr/bin/env bash
# Builds OUT/healthgate-<version>-linux-x64.tar.gz from the runnable jar: a jlink'ed Java runtime
# holding only the modules the jar needs, the jar, bin/healthgate, the defaults and an example
# config. Runs on a machine with no JDK. Usage: dist/build.sh JAR OUT (./healthgate dist calls it;
# JAVA_HOME must be a JDK 21+, whose jdeps/jlink are used and whose version the runtime gets).
set -euo pipefail
jar="$(readlink -f "$1")"; out="$(readlink -f "$2")"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
jdk="${JAVA_HOME:?JAVA_HOME must point at a JDK 21 or newer}"

# "healthgate 0.1.0-SNAPSHOT (commit abc)" -> 0.1.0-SNAPSHOT; running it also proves the jar starts.
version="$("$jdk/bin/java" -jar "$jar" --version | awk '{print $2; exit}')"
name="healthgate-$version-linux-x64"
stage="$out/dist-stage"
rm -rf "$stage" && mkdir -p "$stage/$name"/{bin,lib,conf}

# What the classes reference, as jdeps sees them (the jar is one class path entry, not a module) ...
modules="$("$jdk/bin/jdeps" --ignore-missing-deps --print-module-deps --multi-release 21 "$jar")"
# ... plus what is only reached at run time, which no static analysis sees:
#   jdk.crypto.ec       TLS with EC keys to the real upstreams (an empty shim on JDK 22+, where it is in java.base)
#   jdk.localedata      none needed: messages are English; left out on purpose
#   jdk.zipfs           Flyway scanning migrations inside the jar; sqlite-jdbc extracting its native library
#   jdk.charsets        the PostgreSQL driver and upstream bodies in non-UTF-8 encodings
#   jdk.naming.dns      JNDI DNS lookups (Lettuce/Netty resolver fallbacks)
#   java.instrument, jdk.attach: not needed at run time (Micrometer's JVM metrics use jdk.management)
for m in jdk.crypto.ec jdk.zipfs jdk.charsets jdk.naming.dns; do
  [ -d "$jdk/jmods" ] && [ ! -f "$jdk/jmods/$m.jmod" ] && continue
  modules="$modules,$m"
done
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --compress=zip-6 --output "$stage/$name/runtime"

cp "$jar" "$stage/$name/lib/healthgate.jar"
cp "$here/bin/healthgate" "$stage/$name/bin/healthgate" && chmod 755 "$stage/$name/bin/healthgate"
cp "$repo/src/main/resources/healthgate-defaults.yaml" "$stage/$name/conf/healthgate-defaults.yaml"
cp "$here/healthgate.example.yaml" "$stage/$name/conf/healthgate.example.yaml"
cp "$here/healthgate.service" "$stage/$name/conf/healthgate.service"
echo "$modules" > "$stage/$name/runtime/MODULES"

tarball="$out/$name.tar.gz"
# gzip -1: the jar inside is already compressed, so a higher level costs time and saves little.
tar -C "$stage" -cf - "$name" | gzip -1 > "$tarball"
rm -rf "$stage"
echo "healthgate dist: $tarball ($(du -h "$tarball" | cut -f1); modules: $modules)"
