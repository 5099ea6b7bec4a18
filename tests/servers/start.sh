#!/usr/bin/env bash
# Starts the real servers the tests need, on free loopback ports in one temporary folder:
# Redis, PostgreSQL (initdb'd and run as an unprivileged user when called as root) and
# Prometheus (scraping the targets listed in $DIR/targets/*.json). Waits until each is
# ready, then writes $DIR/env with the exports the tests read:
#   PARCOURS_TEST_REDIS_URL, PARCOURS_TEST_POSTGRES_URL, PARCOURS_TEST_PROMETHEUS_URL,
#   PARCOURS_TEST_PROMETHEUS_TARGETS, PARCOURS_TEST_SERVERS_DIR
# Usage: tests/servers/start.sh DIR [redis] [postgres] [prometheus]   (all by default)
# Stop them with tests/servers/stop.sh DIR, also when tests fail.
set -euo pipefail

dir="$1"
shift
wanted=("$@")
[ ${#wanted[@]} -gt 0 ] || wanted=(redis postgres prometheus)
mkdir -p "$dir"
chmod 755 "$dir"
env_file="$dir/env"
: >"$env_file"
echo "export PARCOURS_TEST_SERVERS_DIR='$dir'" >>"$env_file"

free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

wait_for() {  # wait_for <what> <seconds> <command...>
  local what="$1" secs="$2"
  shift 2
  local i
  for ((i = 0; i < secs * 10; i++)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  echo "tests/servers: $what did not become ready in ${secs}s" >&2
  return 1
}

start_redis() {
  local port
  port="$(free_port)"
  mkdir -p "$dir/redis"
  redis-server --bind 127.0.0.1 --port "$port" --daemonize yes --dir "$dir/redis" \
    --logfile "$dir/redis/redis.log" --pidfile "$dir/redis/redis.pid" \
    --save '' --appendonly no >/dev/null
  wait_for redis 10 redis-cli -h 127.0.0.1 -p "$port" ping
  echo "export PARCOURS_TEST_REDIS_URL='redis://127.0.0.1:$port'" >>"$env_file"
}

start_postgres() {
  local port pgbin run=()
  port="$(free_port)"
  pgbin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  local pgdir="$dir/postgres"
  if [ "$(id -u)" -eq 0 ]; then
    install -d -o postgres -g postgres "$pgdir"
    run=(runuser -u postgres --)
  else
    mkdir -p "$pgdir"
  fi
  "${run[@]}" "$pgbin/initdb" -D "$pgdir/data" -U postgres --auth=trust -E UTF8 \
    --locale=C.UTF-8 >"$pgdir/initdb.log" 2>&1
  # fsync off: test data is throwaway, and it keeps the suite fast on slow disks.
  "${run[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w -t 30 \
    -o "-p $port -k $pgdir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" \
    start >/dev/null
  wait_for postgres 30 "$pgbin/pg_isready" -h 127.0.0.1 -p "$port"
  echo "export PARCOURS_TEST_POSTGRES_URL='postgresql://postgres@127.0.0.1:$port/postgres'" >>"$env_file"
  echo "export PARCOURS_TEST_POSTGRES_CTL='${run[*]} $pgbin/pg_ctl -D $pgdir/data -l $pgdir/server.log'" >>"$env_file"
}

start_prometheus() {
  local port
  port="$(free_port)"
  local pdir="$dir/prometheus"
  mkdir -p "$pdir/targets" "$pdir/data"
  cat >"$pdir/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: prometheus
    static_configs:
      - targets: ['127.0.0.1:$port']
  - job_name: parcours
    file_sd_configs:
      - files: ['$pdir/targets/*.json']
        refresh_interval: 1s
YAML
  prometheus --config.file="$pdir/prometheus.yml" --storage.tsdb.path="$pdir/data" \
    --web.listen-address="127.0.0.1:$port" --web.enable-lifecycle \
    >"$pdir/prometheus.log" 2>&1 &
  echo $! >"$pdir/prometheus.pid"
  wait_for prometheus 30 curl -sf "http://127.0.0.1:$port/-/ready"
  echo "export PARCOURS_TEST_PROMETHEUS_URL='http://127.0.0.1:$port'" >>"$env_file"
  echo "export PARCOURS_TEST_PROMETHEUS_TARGETS='$pdir/targets'" >>"$env_file"
}

for s in "${wanted[@]}"; do
  "start_$s"
done
echo "$env_file"
