#!/usr/bin/env bash
# The load test command: infra/loadtest.sh smoke|peak|capacity [KEY=VALUE ...]
#   Builds the jars, then one Maven run of the loadtest module: the simulation starts the channel
#   simulator and the gateway as separate JVMs (fixed heap, JSON logs to files, free ports, its own
#   database hospay_lt_<random> and Redis prefix, both removed afterwards), makes its test data through
#   the APIs, runs the baselines and the load, samples CPU and memory from /proc, and writes a Markdown
#   summary. peak and capacity write it to loadtest/results/ (smoke: loadtest/target/loadtest/);
#   Gatling's HTML report is under loadtest/target/gatling/. Knobs are LOADTEST_* variables, given
#   as arguments or in the environment, e.g.
#     infra/loadtest.sh peak PEAK_RATE=100 PEAK_PLATEAU=60
#     infra/loadtest.sh capacity CAPACITY_START=40 CAPACITY_STEP=10
#   (loadtest/README.md lists them all.) Exit code: non-zero when a Gatling assertion failed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# shellcheck source=jdk.sh
. infra/jdk.sh
which=${1:-}
case "$which" in
  smoke) simulation=Smoke ;;
  peak) simulation=PeakHour; export LOADTEST_RESULTS=${LOADTEST_RESULTS:-$root/loadtest/results} ;;
  capacity) simulation=Capacity; export LOADTEST_RESULTS=${LOADTEST_RESULTS:-$root/loadtest/results} ;;
  *) echo "usage: infra/loadtest.sh smoke|peak|capacity [KEY=VALUE ...]   (KEY without the LOADTEST_ prefix)" >&2; exit 2 ;;
esac
shift
for kv in "$@"; do
  [[ $kv == *=* ]] || { echo "loadtest: expected KEY=VALUE, got '$kv'" >&2; exit 2; }
  export "LOADTEST_${kv%%=*}=${kv#*=}"
done
infra/services.sh
echo "loadtest: $simulation on $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
# Unit and integration tests of the other modules are skipped: this command measures, infra/test.sh tests.
exec ./mvnw -B -pl loadtest -am verify \
  -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=none -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dloadtest.simulation="org.hospay.loadtest.$simulation"
