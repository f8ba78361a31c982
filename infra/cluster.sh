#!/usr/bin/env bash
# N gateways (default 3) behind HAProxy on loopback, sharing PostgreSQL, Redis and one channel simulator, in
# DEMO mode (docs/operations.md §6). For fault drills: kill one with SIGKILL, stop one with SIGTERM, start it again.
#   infra/cluster.sh up [N]       build if needed, start the simulator, N gateways and HAProxy; wait until all are UP
#   infra/cluster.sh kill I       SIGKILL gateway I (a power cut)      infra/cluster.sh term I   SIGTERM (graceful)
#   infra/cluster.sh start I      start gateway I again                infra/cluster.sh status
#   infra/cluster.sh down         stop everything it started
#   infra/cluster.sh haproxy-config [N]   print the HAProxy config `up` writes (InfraFilesIT checks it with haproxy -c)
# Ports (override with the variables): HAProxy $HOSPAY_CLUSTER_PORT (8090), simulator $HOSPAY_CLUSTER_SIM_PORT (9190),
# gateway I API 8100+10*I and admin 8101+10*I; a port something else answers on is refused, not shared.
# Also: $HOSPAY_CLUSTER_DB (database, hospay_cluster), $HOSPAY_CLUSTER_REDIS_PREFIX (hospay-cluster),
# $HOSPAY_CLUSTER_SIM_ARGS (extra simulator arguments, e.g. the load test's latencies). Logs and pids: .cluster/.
# Needs haproxy (Debian package haproxy).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# shellcheck source=jdk.sh
. infra/jdk.sh
dir=.cluster
LB_PORT=${HOSPAY_CLUSTER_PORT:-8090}
SIM_PORT=${HOSPAY_CLUSTER_SIM_PORT:-9190}
JAVA_OPTS=${JAVA_OPTS:--Xms192m -Xmx384m}
# Its own database and Redis prefix: the cluster never shares state (or migrations) with infra/run.sh's gateway.
DB=${HOSPAY_CLUSTER_DB:-hospay_cluster}
REDIS_PREFIX=${HOSPAY_CLUSTER_REDIS_PREFIX:-hospay-cluster}
SIM_ARGS=${HOSPAY_CLUSTER_SIM_ARGS:-}
PG_HOST=${HOSPAY_PG_HOST:-127.0.0.1}

api_port() { echo $((8100 + 10 * $1)); }
admin_port() { echo $((8101 + 10 * $1)); }

# Something already answers on the port (another cluster, another worktree's): waiting for "our" process there
# would wait for theirs, and a drill would then kill one process and measure another.
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
require_free() { # port name
  if port_taken "$1"; then echo "cluster: port $1 ($2) is already in use; stop what uses it or move the ports (header of $0)" >&2; exit 1; fi
}

wait_http() { # url seconds name log
  local i
  for ((i = 0; i < $2; i++)); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 1
  done
  echo "cluster: $3 did not come up in $2 s; last lines of $4:" >&2
  tail -30 "$4" >&2
  return 1
}

start_gateway() { # I
  local i=$1 jar
  require_free "$(api_port "$i")" "gateway $i"
  require_free "$(admin_port "$i")" "gateway $i admin"
  jar=$(ls gateway/target/gateway-*-exec.jar)
  # LOADER_PATH: the DEMO keys, which the exec jar leaves out (infra/run.sh). HOSPAY_TRUSTED_PROXIES: HAProxy connects from
  # loopback, so the gateways take the client's address from its X-Forwarded-For (docs/operations.md §6).
  # shellcheck disable=SC2086
  LOADER_PATH=$(ls "$root"/channels/demo-keys/target/channels-demo-keys-*.jar) HOSPAY_LOG_FORMAT=${HOSPAY_LOG_FORMAT-} SERVER_PORT=$(api_port "$i") HOSPAY_MANAGEMENT_PORT=$(admin_port "$i") HOSPAY_DEMO=true \
    HOSPAY_TRUSTED_PROXIES=127.0.0.1 \
    HOSPAY_R2DBC_URL=r2dbc:postgresql://$PG_HOST:5432/$DB HOSPAY_JDBC_URL=jdbc:postgresql://$PG_HOST:5432/$DB \
    HOSPAY_REDIS_PREFIX=$REDIS_PREFIX HOSPAY_SIM_URL=http://127.0.0.1:$SIM_PORT nohup "$JAVA_HOME/bin/java" $JAVA_OPTS -jar "$jar" >>"$dir/gateway-$i.log" 2>&1 &
  echo $! >"$dir/gateway-$i.pid"
  wait_http "http://127.0.0.1:$(api_port "$i")/actuator/health" 120 "gateway $i" "$dir/gateway-$i.log"
  echo "cluster: gateway $i UP on :$(api_port "$i") (admin :$(admin_port "$i"), pid $(cat "$dir/gateway-$i.pid"))"
}

signal() { # SIGNAL I
  local pidfile="$dir/gateway-$2.pid"
  [ -f "$pidfile" ] || { echo "cluster: no gateway $2" >&2; exit 1; }
  kill "-$1" "$(cat "$pidfile")" 2>/dev/null || true
  echo "cluster: sent $1 to gateway $2"
}

haproxy_cfg() { # N
  cat <<CFG
global
    maxconn 4096
defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    retries 2
    option redispatch
    # The client's address for the gateways (HOSPAY_TRUSTED_PROXIES=127.0.0.1 above), appended to X-Forwarded-For.
    option forwardfor
frontend api
    bind 127.0.0.1:$LB_PORT
    default_backend gateways
backend gateways
    balance leastconn
    option httpchk GET /actuator/health/readiness
    http-check expect status 200
    timeout check 3s
    default-server inter 1s fall 3 rise 2
CFG
  local i
  for ((i = 1; i <= $1; i++)); do echo "    server gateway-$i 127.0.0.1:$(api_port "$i") check"; done
}

case "${1:-}" in
  up)
    n=${2:-3}
    command -v haproxy >/dev/null || { echo "cluster: haproxy not installed (apt-get install -y haproxy)" >&2; exit 1; }
    infra/services.sh
    ls gateway/target/gateway-*-exec.jar channels/simulator/target/channel-simulator-*-exec.jar >/dev/null 2>&1 \
      || ./mvnw -B -q package -DskipTests
    "$0" down >/dev/null 2>&1 || true
    require_free "$LB_PORT" haproxy
    require_free "$SIM_PORT" simulator
    for ((i = 1; i <= n; i++)); do require_free "$(api_port "$i")" "gateway $i"; done
    mkdir -p "$dir"
    export PGPASSWORD=${HOSPAY_DB_PASSWORD:-postgres}
    psql -h "$PG_HOST" -U "${HOSPAY_DB_USER:-postgres}" -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1 \
      || psql -h "$PG_HOST" -U "${HOSPAY_DB_USER:-postgres}" -qc "CREATE DATABASE $DB"
    echo "$n" >"$dir/size"
    # What `start I` needs to bring an instance back into this same cluster, whatever its caller's environment.
    printf 'DB=%q\nREDIS_PREFIX=%q\nSIM_PORT=%q\nJAVA_OPTS=%q\n' "$DB" "$REDIS_PREFIX" "$SIM_PORT" "$JAVA_OPTS" >"$dir/settings"
    sim_jar=$(ls channels/simulator/target/channel-simulator-*-exec.jar)
    # shellcheck disable=SC2086
    SIM_PORT=$SIM_PORT nohup "$JAVA_HOME/bin/java" $JAVA_OPTS -jar "$sim_jar" $SIM_ARGS >"$dir/simulator.log" 2>&1 &
    echo $! >"$dir/simulator.pid"
    wait_http "http://127.0.0.1:$SIM_PORT/sim/faults/WECHAT" 60 simulator "$dir/simulator.log"
    for ((i = 1; i <= n; i++)); do start_gateway "$i"; done
    haproxy_cfg "$n" >"$dir/haproxy.cfg"
    haproxy -D -p "$dir/haproxy.pid" -f "$dir/haproxy.cfg"
    wait_http "http://127.0.0.1:$LB_PORT/actuator/health" 30 haproxy "$dir/haproxy.cfg"
    echo "cluster: $n gateways behind http://127.0.0.1:$LB_PORT (simulator :$SIM_PORT); infra/cluster.sh down to stop"
    ;;
  haproxy-config) haproxy_cfg "${2:-3}" ;;
  kill) signal KILL "${2:?gateway number}" ;;
  term) signal TERM "${2:?gateway number}" ;;
  start)
    # shellcheck disable=SC1091
    [ -f "$dir/settings" ] && . "$dir/settings"
    start_gateway "${2:?gateway number}"
    ;;
  status)
    for pidfile in "$dir"/*.pid; do
      [ -f "$pidfile" ] || continue
      name=$(basename "$pidfile" .pid)
      if kill -0 "$(cat "$pidfile")" 2>/dev/null; then echo "$name running ($(cat "$pidfile"))"; else echo "$name stopped"; fi
    done
    ;;
  down)
    [ -f "$dir/haproxy.pid" ] && kill "$(cat "$dir/haproxy.pid")" 2>/dev/null || true
    for pidfile in "$dir"/gateway-*.pid "$dir/simulator.pid"; do
      [ -f "$pidfile" ] || continue
      pid=$(cat "$pidfile")
      if kill "$pid" 2>/dev/null; then
        for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
        kill -9 "$pid" 2>/dev/null || true
      fi
      rm -f "$pidfile"
    done
    rm -f "$dir/haproxy.pid" "$dir/settings"
    echo "cluster: down"
    ;;
  *)
    sed -n '2,13p' "$0" >&2
    exit 2
    ;;
esac
