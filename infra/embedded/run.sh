#!/usr/bin/env bash
# Starts infra/embedded (embedded PostgreSQL + Redis) in the background. Args: pgPort redisPort.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
"$root/mvnw" -B -q -f "$root/pom.xml" -N install -DskipTests >/dev/null
"$root/mvnw" -B -q -f "$here/pom.xml" package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >/dev/null
nohup "$JAVA_HOME/bin/java" -cp "$here/target/classes:$(cat "$here/target/classpath.txt")" \
  org.hospay.infra.EmbeddedServices "$1" "$2" >/tmp/hospay-embedded.log 2>&1 &
echo $! > /tmp/hospay-embedded.pid
