#!/usr/bin/env bash
# Sourced by the other scripts: exports JAVA_HOME for a JDK >= 21.
# Order: $JAVA_HOME if new enough, the `java` on PATH, then any JDK under /usr/lib/jvm (newest first).
# (CI machines have Java 17 as the default `java` and a JDK 25 beside it.)

hospay_java_major() { # $1 = path to a java binary
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}

hospay_pick_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:+$JAVA_HOME/bin/java}" "$(command -v java 2>/dev/null)" \
                   $(ls -d /usr/lib/jvm/*/bin/java /opt/java/*/bin/java 2>/dev/null | sort -rV); do
    [ -n "$candidate" ] && [ -x "$candidate" ] && [ -x "$(dirname "$candidate")/javac" ] || continue
    major=$(hospay_java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null; then
      JAVA_HOME=$(cd "$(dirname "$candidate")/.." && pwd)
      export JAVA_HOME
      return 0
    fi
  done
  echo "hospay: no JDK >= 21 found (JAVA_HOME, PATH, /usr/lib/jvm). Install one, e.g. 'apt-get install openjdk-21-jdk' or Temurin 21+." >&2
  return 1
}

hospay_pick_jdk || exit 1
