#!/usr/bin/env bash
# Counts the SQL statements and Redis commands of one-scan payments (loadtest/README.md, "Round trips").
# Starts the simulator and the gateway from the built jars (infra/run.sh builds them) on ports of their
# own, against a database of its own with log_statement=all (PostgreSQL logs every statement of that
# database only) and a Redis prefix of its own watched with MONITOR; pays N one-scan payments after two
# warm-up ones and prints the statements per payment, grouped. Needs psql as a superuser on localhost
# and read access to the PostgreSQL server log (PG_LOG). Never point it at anything but localhost.
# WARM=300 pays that many first (the JIT's warm-up; default 2). TIMELINE=1 also prints the last payment's timeline:
# its Redis commands (MONITOR, µs), statements (the server log, ms) and channel calls (the gateway's WebClient
# debug log, ms) in one list, each with the gap since the one before: where its latency outside the channels goes.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
. infra/jdk.sh >/dev/null
N=${N:-5} WARM=${WARM:-2} TIMELINE=${TIMELINE:-}
PG_LOG=${PG_LOG:-$(ls -t /var/log/postgresql/postgresql-*-main.log | head -1)}
SIM_PORT=${SIM_PORT:-19090} GW_PORT=${GW_PORT:-18080}
db=hospay_rt_$$ prefix=rt$$ work=$(mktemp -d)
psql -qU postgres -h 127.0.0.1 -c "CREATE DATABASE $db" -c "ALTER DATABASE $db SET log_statement='all'" >/dev/null
cleanup() {
  kill "$(cat "$work/sim.pid" 2>/dev/null)" "$(cat "$work/gw.pid" 2>/dev/null)" 2>/dev/null || true
  sleep 2
  psql -qU postgres -h 127.0.0.1 -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
  redis-cli --scan --pattern "$prefix:*" | xargs -r redis-cli del >/dev/null
}
trap cleanup EXIT
SIM_PORT=$SIM_PORT "$JAVA_HOME/bin/java" -Xmx384m -jar channels/simulator/target/channel-simulator-*-exec.jar >"$work/sim.log" 2>&1 &
echo $! >"$work/sim.pid"
SERVER_PORT=$GW_PORT HOSPAY_MANAGEMENT_PORT=$((GW_PORT + 1)) HOSPAY_DEMO=true HOSPAY_SIM_URL=http://127.0.0.1:$SIM_PORT \
  HOSPAY_R2DBC_URL=r2dbc:postgresql://127.0.0.1:5432/$db HOSPAY_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/$db \
  HOSPAY_REDIS_PREFIX=$prefix LOADER_PATH=$(ls channels/demo-keys/target/channels-demo-keys-*.jar) env ${TIMELINE:+HOSPAY_LOG_FORMAT=} \
  "$JAVA_HOME/bin/java" -Xmx512m -jar gateway/target/gateway-*-exec.jar \
  ${TIMELINE:+--logging.level.org.springframework.web.reactive.function.client.ExchangeFunctions=DEBUG} >"$work/gw.log" 2>&1 &
echo $! >"$work/gw.pid"
for i in $(seq 1 180); do curl -fsS -o /dev/null "http://127.0.0.1:$GW_PORT/actuator/health" 2>/dev/null && break; sleep 1; done
export GW=http://127.0.0.1:$GW_PORT
newcode() {
  local psn
  psn=$(curl -s "localhost:$SIM_PORT/sim/insurance/persons" -H 'Content-Type: application/json' \
    -d '{"name":"王秀英","idNo":"11010519491231002X","insutype":"310","region":"370200","accountBalanceFen":2000,"pooledSigned":true}' \
    | sed 's/.*"psnNo":"\([^"]*\)".*/\1/')
  curl -s "localhost:$SIM_PORT/sim/insurance/vouchers" -H 'Content-Type: application/json' \
    -d "{\"psnNo\":\"$psn\",\"payChannel\":\"WECHAT\"}" | sed 's/.*"code":"\([^"]*\)".*/\1/'
}
bill() {
  printf '{"billNo":"%s","scannedCode":"%s","medType":"OUTPATIENT","items":[{"code":"X001","name":"阿莫西林胶囊","category":"DRUG","quantity":2,"priceFen":1175,"amountFen":2350},{"code":"L201","name":"血常规","category":"LAB","quantity":1,"priceFen":3000,"amountFen":3000}],"totalFen":5350}' "$1" "$2"
}
pay() { infra/hcurl POST /api/v1/payments "$(bill "$1" "$2")" -H "Idempotency-Key: $1" | grep -q '"status":"SUCCEEDED"' || echo "payment $1 did not succeed" >&2; }
for i in $(seq 1 "$WARM"); do pay "W$$-$i" "$(newcode)"; done
codes=(); for i in $(seq 1 "$N"); do codes+=("$(newcode)"); done
( timeout 60 redis-cli MONITOR >"$work/monitor.txt" ) & mon=$!
sleep 0.5
start=$(wc -l <"$PG_LOG")
for i in $(seq 1 "$N"); do pay "P$$-$i" "${codes[$((i - 1))]}"; done
sleep 0.3
end=$(wc -l <"$PG_LOG")
kill $mon 2>/dev/null || true
sed -n "$((start + 1)),${end}p" "$PG_LOG" | grep "@$db " | grep -E "LOG:  (execute|statement)" \
  | sed -E 's/.*LOG:  (execute [^:]*|statement): //' | cut -c1-80 >"$work/stmts.txt"
# The outbox relay and lease heartbeat run on their own timers, not per payment.
background='family_notification|SET lease_until|^SELECT payment_id FROM payment|FROM refund WHERE status'
per=$(grep -cvE "$background" "$work/stmts.txt" || true)
redis=$(grep -E "^[0-9.]+ \[[0-9]+ [0-9.]+:[0-9]+\]" "$work/monitor.txt" | grep -c "\"$prefix:" || true)
echo "one-scan payments: $N"
echo "SQL statements per payment (background timers excluded): $(echo "scale=1; $per / $N" | bc)"
echo "Redis commands sent per payment (round trips; a script's inner calls not counted): $(echo "scale=1; $redis / $N" | bc)"
echo "statements, grouped:"
grep -vE "$background" "$work/stmts.txt" | sort | uniq -c | sort -rn
[ -z "$TIMELINE" ] && exit 0
sed -n "$((start + 1)),${end}p" "$PG_LOG" | grep "@$db " >"$work/pg.txt"
echo
echo "the last payment's timeline (ms since its nonce; gap since the line before; the gateway's log has ms resolution):"
python3 - "$work" "$prefix" <<'PY'
import datetime, re, sys
work, prefix = sys.argv[1], sys.argv[2]
def at(text, fmt):
    return datetime.datetime.strptime(text, fmt).replace(tzinfo=datetime.timezone.utc).timestamp()
events = []
for line in open(f"{work}/pg.txt"):
    m = re.match(r"(\S+ \S+) UTC \[\d+\] \S+ LOG:  (?:execute [^:]*|statement): (.*)", line)
    if m and "lease_until" not in m.group(2):
        events.append((at(m.group(1), "%Y-%m-%d %H:%M:%S.%f"), "sql  ", m.group(2)[:72]))
for line in open(f"{work}/monitor.txt"):
    m = re.match(r"([\d.]+) \[\d+ [^\]]+\] (.*)", line)
    if m and f'"{prefix}:' in m.group(2) or (m and m.group(2).startswith('"EVALSHA"')):
        events.append((float(m.group(1)), "redis", m.group(2)[:72]))
for line in open(f"{work}/gw.log"):
    m = re.match(r"(\S+)Z DEBUG.*ExchangeFunctions\s+: \[(\w+)\] (?:\[[^\]]*\] )?(.*)", line)
    if m:
        events.append((at(m.group(1), "%Y-%m-%dT%H:%M:%S.%f"), "http ", m.group(2) + " " + m.group(3)[:64]))
events.sort()
nonces = [i for i, e in enumerate(events) if e[1] == "redis" and f'"{prefix}:nonce:' in e[2]]
last = events[nonces[-1]:]
prev = start = last[0][0]
released = audited = False
for t, kind, what in last:
    print(f"{(t - start) * 1000:7.1f} {(t - prev) * 1000:+6.1f}  {kind} {what}")
    prev = t
    released |= kind == "redis" and what.startswith('"DEL"') and ":idem:" in what
    audited |= kind == "sql  " and what.startswith("INSERT INTO audit_event")
    if released and audited:
        break  # the payment is answered; what follows is the relays' timers
PY
