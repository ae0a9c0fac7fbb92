#!/usr/bin/env bash
# Installs psrnn-core (and the parent POM) into the local Maven repository, then builds and runs
# this outside project against it, as a user's project would use psrnn. Run from anywhere.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
JAVA_HOME="$("$ROOT/psrnn" java-home)"
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"
(cd "$ROOT" && mvn -B -q install -DskipTests -pl java/core -am "$@")
mvn -B -q -f "$HERE/pom.xml" "$@" package exec:exec
