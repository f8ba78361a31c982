#!/usr/bin/env bash
# The test command: every unit test (Surefire, *Test) and integration test (Failsafe, *IT) against a
# real PostgreSQL, Redis and the channel simulator. Tests create their own database and Redis key
# prefix per run and remove them afterwards, so shared services are left as they were.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# shellcheck source=jdk.sh
. infra/jdk.sh
echo "test: JDK $JAVA_HOME"
infra/services.sh
exec ./mvnw -B verify "$@"
