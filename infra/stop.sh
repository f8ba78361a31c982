#!/usr/bin/env bash
# Stops what infra/run.sh started (the gateway and the simulator). PostgreSQL and Redis stay up.
root=$(cd "$(dirname "$0")/.." && pwd)
for name in gateway simulator; do
  pidfile="$root/.run/$name.pid"
  [ -f "$pidfile" ] || continue
  pid=$(cat "$pidfile")
  if kill "$pid" 2>/dev/null; then
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
    echo "stopped $name ($pid)"
  fi
  rm -f "$pidfile"
done
