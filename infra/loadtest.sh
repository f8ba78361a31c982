#!/usr/bin/env bash
# The load test command: infra/loadtest.sh smoke|peak|capacity|cluster [KEY=VALUE ...]
#   Builds the jars, then one Maven run of the loadtest module: the simulation starts the channel
#   simulator and the gateway as separate JVMs (fixed heap, JSON logs to files, free ports, its own
#   database hospay_lt_<random> and Redis prefix, both removed afterwards), makes its test data through
#   the APIs, runs the baselines and the load, samples CPU and memory from /proc, and writes a Markdown
#   summary. peak and capacity write it to loadtest/results/ (smoke: loadtest/target/loadtest/);
#   Gatling's HTML report is under loadtest/target/gatling/. Knobs are LOADTEST_* variables, given
#   as arguments or in the environment, e.g.
#     infra/loadtest.sh peak PEAK_RATE=100 PEAK_PLATEAU=60
#     infra/loadtest.sh capacity CAPACITY_START=40 CAPACITY_STEP=10
#     infra/loadtest.sh cluster CLUSTER_RATE=12 CLUSTER_DURING=30
#   cluster runs the mix through HAProxy in front of infra/cluster.sh's gateways instead, SIGKILLs one mid-load and
#   starts it again, checks the books in the cluster's database, and always takes the cluster down at the end.
#   (loadtest/README.md lists them all.) Exit code: non-zero when a Gatling assertion failed (cluster: when the
#   run's verdict is not PASS).
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
  cluster) simulation=ClusterPeak; export LOADTEST_RESULTS=${LOADTEST_RESULTS:-$root/loadtest/results} ;;
  *) echo "usage: infra/loadtest.sh smoke|peak|capacity|cluster [KEY=VALUE ...]   (KEY without the LOADTEST_ prefix)" >&2; exit 2 ;;
esac
shift
for kv in "$@"; do
  [[ $kv == *=* ]] || { echo "loadtest: expected KEY=VALUE, got '$kv'" >&2; exit 2; }
  export "LOADTEST_${kv%%=*}=${kv#*=}"
done
infra/services.sh
echo "loadtest: $simulation on $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
# Unit and integration tests of the other modules are skipped: this command measures, infra/test.sh tests.
maven=(./mvnw -B -pl loadtest -am verify
  -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=none -Dfailsafe.failIfNoSpecifiedTests=false
  -Dloadtest.simulation="org.hospay.loadtest.$simulation")
[ "$which" = cluster ] || exec "${maven[@]}"

# The cluster mode: HAProxy as infra/cluster.sh needs it, this run's own database and Redis prefix (chosen here, so
# that whatever becomes of the Gatling JVM, the trap below takes the cluster down and drops the database).
if ! command -v haproxy >/dev/null && ! [ -x /usr/sbin/haproxy ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "loadtest: installing haproxy (Debian package)"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null
  else
    echo "loadtest: the cluster mode needs haproxy (Debian package haproxy)" >&2; exit 1
  fi
fi
export PATH=$PATH:/usr/sbin
run=$(od -An -N5 -tx1 /dev/urandom | tr -d ' \n')
export HOSPAY_CLUSTER_DB=hospay_lt_cluster_$run HOSPAY_CLUSTER_REDIS_PREFIX=lt-cluster-$run
verdict=$root/loadtest/target/loadtest/cluster-verdict.txt
rm -f "$verdict"
cleanup() {
  infra/cluster.sh down >/dev/null 2>&1 || true
  PGPASSWORD=${HOSPAY_DB_PASSWORD:-postgres} psql -h "${HOSPAY_PG_HOST:-127.0.0.1}" -U "${HOSPAY_DB_USER:-postgres}" -qc \
    "DROP DATABASE IF EXISTS $HOSPAY_CLUSTER_DB WITH (FORCE)" >/dev/null 2>&1 || true
}
trap cleanup EXIT
rc=0
"${maven[@]}" || rc=$?
if [ ! -f "$verdict" ]; then
  echo "loadtest: cluster: no verdict written (the run did not finish; see above)" >&2
  exit $((rc == 0 ? 1 : rc))
fi
echo "loadtest: cluster: $(head -1 "$verdict")"
[ "$(head -1 "$verdict")" = PASS ] || exit 1
exit "$rc"
