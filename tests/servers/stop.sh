#!/usr/bin/env bash
# Stops whatever tests/servers/start.sh started in DIR and removes DIR. Safe to call twice
# and when some servers never started.
set -uo pipefail
dir="${1:?usage: stop.sh DIR}"
[ -d "$dir" ] || exit 0

if [ -f "$dir/redis/redis.pid" ]; then
  kill "$(cat "$dir/redis/redis.pid")" 2>/dev/null
fi
if [ -f "$dir/prometheus/prometheus.pid" ]; then
  kill "$(cat "$dir/prometheus/prometheus.pid")" 2>/dev/null
fi
if [ -f "$dir/postgres/data/postmaster.pid" ]; then
  pgbin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$pgbin/pg_ctl" -D "$dir/postgres/data" -m immediate -w stop >/dev/null 2>&1
  else
    "$pgbin/pg_ctl" -D "$dir/postgres/data" -m immediate -w stop >/dev/null 2>&1
  fi
fi
sleep 0.2
rm -rf "$dir"
exit 0
