#!/usr/bin/env bash
# Makes PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379) available, and says what it did.
#   1. a service already answering is used as it is;
#   2. an installed but stopped one is started;
#   3. a missing one is installed from Debian packages (when root with apt-get) and started;
#   4. otherwise an embedded PostgreSQL / Redis (zonky embedded-postgres, embedded-redis) is started
#      from the project's own build (infra/embedded), as a background JVM.
# Idempotent: run it as often as you like. Env: HOSPAY_PG_PORT, HOSPAY_REDIS_PORT, HOSPAY_DB_PASSWORD.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
PG_PORT=${HOSPAY_PG_PORT:-5432}
REDIS_PORT=${HOSPAY_REDIS_PORT:-6379}
DB_PASSWORD=${HOSPAY_DB_PASSWORD:-postgres}
say() { echo "services: $*"; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() { # port seconds
  local i
  for ((i = 0; i < $2 * 5; i++)); do port_open "$1" && return 0; sleep 0.2; done
  return 1
}
as_root() { [ "$(id -u)" = 0 ]; }
apt_install() {
  as_root && command -v apt-get >/dev/null || return 1
  if [ ! -f /tmp/.hospay-apt-updated ]; then apt-get update -qq >/dev/null && touch /tmp/.hospay-apt-updated; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

start_installed_postgres() {
  command -v pg_lsclusters >/dev/null || return 1
  local version
  version=$(pg_lsclusters --no-header 2>/dev/null | awk '{print $1; exit}')
  if [ -z "$version" ]; then
    version=$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -1)
    [ -n "$version" ] || return 1
    pg_createcluster "$version" main --start-conf=auto >/dev/null 2>&1 || true
  fi
  pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || pg_ctlcluster "$version" main start 2>/dev/null || true
  wait_port "$PG_PORT" 20
}

ensure_postgres() {
  if port_open "$PG_PORT"; then say "PostgreSQL already running on 127.0.0.1:$PG_PORT: using it"; return; fi
  if start_installed_postgres; then say "PostgreSQL was installed but stopped: started it"; set_pg_password; return; fi
  if apt_install postgresql && start_installed_postgres; then say "PostgreSQL was missing: installed the Debian package and started it"; set_pg_password; return; fi
  start_embedded; return
}

# A fresh Debian cluster asks for a password on 127.0.0.1; give the postgres user the configured one.
set_pg_password() {
  as_root && command -v su >/dev/null || return 0
  su postgres -c "psql -q -p $PG_PORT -c \"ALTER USER postgres PASSWORD '$DB_PASSWORD'\"" >/dev/null 2>&1 || true
}

ensure_redis() {
  if port_open "$REDIS_PORT"; then say "Redis already running on 127.0.0.1:$REDIS_PORT: using it"; return; fi
  if command -v redis-server >/dev/null; then
    start_redis_binary && { say "Redis was installed but stopped: started it"; return; }
  fi
  if apt_install redis-server && start_redis_binary; then say "Redis was missing: installed the Debian package and started it"; return; fi
  start_embedded
}

start_redis_binary() {
  mkdir -p /tmp/hospay-redis
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
    --dir /tmp/hospay-redis --logfile /tmp/hospay-redis/redis.log >/dev/null
  wait_port "$REDIS_PORT" 10
}

embedded_started=0
start_embedded() {
  [ "$embedded_started" = 1 ] && return
  embedded_started=1
  say "starting embedded PostgreSQL/Redis (no service and no way to install one)"
  # shellcheck source=jdk.sh
  . "$here/jdk.sh"
  "$here/embedded/run.sh" "$PG_PORT" "$REDIS_PORT"
  wait_port "$PG_PORT" 120 || { say "embedded PostgreSQL did not come up"; exit 1; }
  wait_port "$REDIS_PORT" 60 || { say "embedded Redis did not come up"; exit 1; }
  say "embedded services up (log: /tmp/hospay-embedded.log)"
}

ensure_postgres
ensure_redis

# The run command's database (tests create and drop their own).
if command -v psql >/dev/null; then
  PGPASSWORD=$DB_PASSWORD psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='hospay'" 2>/dev/null | grep -q 1 \
    || { PGPASSWORD=$DB_PASSWORD psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE hospay" >/dev/null 2>&1 && say "created database hospay"; } || true
fi
say "ready: PostgreSQL 127.0.0.1:$PG_PORT, Redis 127.0.0.1:$REDIS_PORT"
