#!/usr/bin/env bash
# The run command: PostgreSQL + Redis (infra/services.sh), build, then the channel simulator (:9090)
# and the gateway (:8080, admin :8081 on 127.0.0.1) as background JVMs in DEMO mode (HOSPAY_DEMO=true:
# demo terminals and the published DEMO keys; never production). Waits until both answer, prints how to
# call them, and returns. Logs and pids: .run/. Stop with infra/stop.sh.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# shellcheck source=jdk.sh
. infra/jdk.sh
infra/services.sh
echo "run: building (tests skipped; infra/test.sh runs them)"
./mvnw -B -q package -DskipTests
infra/stop.sh >/dev/null 2>&1 || true
mkdir -p .run

SIM_PORT=${SIM_PORT:-9090}
SERVER_PORT=${SERVER_PORT:-8080}
MANAGEMENT_PORT=${HOSPAY_MANAGEMENT_PORT:-8081}
JAVA_OPTS=${JAVA_OPTS:--Xms256m -Xmx512m}

sim_jar=$(ls channels/simulator/target/channel-simulator-*-exec.jar)
gw_jar=$(ls gateway/target/gateway-*-exec.jar)
# Demo mode signs with the published DEMO keys, which the exec jar leaves out: its launcher adds them from LOADER_PATH.
demo_keys_jar=$(ls channels/demo-keys/target/channels-demo-keys-*.jar)
# shellcheck disable=SC2086
SIM_PORT=$SIM_PORT nohup "$JAVA_HOME/bin/java" $JAVA_OPTS -jar "$sim_jar" >.run/simulator.log 2>&1 &
echo $! >.run/simulator.pid
# Plain-text logs for people at a terminal (the default elsewhere is ECS JSON): HOSPAY_LOG_FORMAT=ecs for JSON.
# shellcheck disable=SC2086
LOADER_PATH=$demo_keys_jar HOSPAY_LOG_FORMAT=${HOSPAY_LOG_FORMAT-} SERVER_PORT=$SERVER_PORT HOSPAY_MANAGEMENT_PORT=$MANAGEMENT_PORT HOSPAY_DEMO=true HOSPAY_SIM_URL=http://127.0.0.1:$SIM_PORT \
  nohup "$JAVA_HOME/bin/java" $JAVA_OPTS -jar "$gw_jar" >.run/gateway.log 2>&1 &
echo $! >.run/gateway.pid

wait_http() { # url seconds name log
  local i
  for ((i = 0; i < $2; i++)); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 1
  done
  echo "run: $3 did not come up in $2 s; last lines of $4:" >&2
  tail -40 "$4" >&2
  exit 1
}
wait_http "http://127.0.0.1:$SIM_PORT/sim/ledger" 60 simulator .run/simulator.log
wait_http "http://127.0.0.1:$SERVER_PORT/actuator/health" 90 gateway .run/gateway.log

cat <<TXT
run: up.
  gateway    http://localhost:$SERVER_PORT   (health: /actuator/health, logs: .run/gateway.log)
  admin      http://127.0.0.1:$MANAGEMENT_PORT   (Swagger UI: /actuator/swagger-ui, OpenAPI: /actuator/openapi, metrics: /actuator/prometheus)
  simulator  http://localhost:$SIM_PORT   (ledger: /sim/ledger, logs: .run/simulator.log)
  DEMO ONLY credentials (published; never in production):
    window W01     demo-window-01 / demo-window-01-secret   (console: http://localhost:$SERVER_PORT/console/)
    NFC reader W01 demo-reader-01 / demo-reader-01-secret
    HIS            demo-his-01 / demo-his-01-secret
    bedside (ward) demo-bedside-01 / demo-bedside-01-secret   (admission, deposits, discharge)
    finance office demo-finance-01 / demo-finance-01-secret   (approves refunds above 1,000 CNY)
    mini-program   POST http://localhost:$SERVER_PORT/demo/mini/tokens {"subject":"payer-1","name":"李明","idNo":"11010519491231002X"} -> bearer token with verified real-name claims (DEMO check)
    admin token    hospay-DEMO-ONLY-admin-token-not-a-secret   (management port: HOSPAY_DEMO=true infra/terminal list, infra/reseal)
  signed call:   infra/hcurl POST /api/v1/codes/classify '{"raw":"134567890123456789"}'
  stop:          infra/stop.sh
TXT
