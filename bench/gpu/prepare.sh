#!/usr/bin/env bash
# Makes .device/ (git-ignored): what bench/gpu/device-check.sh needs on a GPU machine that has
# nvcc and PyTorch but no JDK or Maven. Run it here, then carry .device to the GPU machine:
#
#   bench/gpu/prepare.sh
#   (device tool) run  command: bash bench/gpu/device-check.sh   carry: [".device"]
#
# .device/jre.tar.xz        a jlinked Java runtime (uncompressed modules, xz: ~22 MB)
# .device/psrnn.jar         the command line, with this machine's libpsrnn_cuda.so inside
# .device/test-classes.tar.xz  the compiled tests (the gpu-tagged ones are what the check runs)
# .device/junit-console.jar the JUnit Platform console launcher
# The runtime is made again only when the JDK changes; the rest every time.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$ROOT/.device"
JUNIT_PLATFORM=1.14.4
MODULES=java.base,java.desktop,java.sql,java.logging,java.management,jdk.management,jdk.incubator.vector,jdk.unsupported
mkdir -p "$OUT"

JAVA_HOME="$("$ROOT/psrnn" java-home)"
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"

echo "prepare: building the jar and the tests with $JAVA_HOME" >&2
(cd "$ROOT" && mvn -q -B -DskipTests -pl java/cli -am package && mvn -q -B -pl java/core test-compile)
cp "$ROOT/java/target/psrnn.jar" "$OUT/psrnn.jar"
tar -C "$ROOT/java/core/target" -cJf "$OUT/test-classes.tar.xz" test-classes

if [[ ! -f "$OUT/junit-console.jar" ]]; then
  (cd "$ROOT" && mvn -q -B dependency:copy -Dartifact="org.junit.platform:junit-platform-console-standalone:$JUNIT_PLATFORM" \
     -DoutputDirectory="$OUT/tmp")
  mv "$OUT/tmp/junit-platform-console-standalone-$JUNIT_PLATFORM.jar" "$OUT/junit-console.jar"
  rmdir "$OUT/tmp"
fi

stamp="$(cat "$JAVA_HOME/release" | sha256sum | cut -c1-16) $MODULES"
if [[ ! -f "$OUT/jre.tar.xz" || "$(cat "$OUT/jre.stamp" 2>/dev/null)" != "$stamp" ]]; then
  echo "prepare: jlinking a runtime ($MODULES) and compressing it (a minute or two)..." >&2
  tmp="$(mktemp -d)"
  jlink --add-modules "$MODULES" --strip-debug --no-header-files --no-man-pages --output "$tmp/jre" 2>/dev/null
  tar -C "$tmp" -cJf "$OUT/jre.tar.xz" jre
  rm -rf "$tmp"
  printf '%s' "$stamp" > "$OUT/jre.stamp"
fi
du -ch "$OUT"/*.xz "$OUT"/*.jar | tail -1 | sed 's/^/prepare: .device holds /' >&2
# The device tool carries at most 64 MiB.
bytes=$(cat "$OUT"/*.xz "$OUT"/*.jar | wc -c)
if (( bytes > 64 * 1024 * 1024 )); then
  echo "prepare: .device is $bytes bytes, over the 64 MiB a device run can carry; leave out modules or tests" >&2
  exit 1
fi
