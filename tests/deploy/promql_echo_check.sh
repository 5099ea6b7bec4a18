#!/usr/bin/env bash
# promql_check.sh against stand-ins, until the five services export their metrics: a real
# Prometheus (tests/servers/start.sh) scrapes five echo servers, each labelled as one of
# the services, after some RPCs. The RPC and process panels must then return data, and
# only the metrics the echo server cannot have may be missing: the business metrics
# (parcours_*) and the client-side RPC metrics (echo calls no peer).
# When the real suite runs, call promql_check.sh on its Prometheus instead, with no
# --allow-missing.
# Usage: tests/deploy/promql_echo_check.sh [--strict] [build dir]   (default build/test;
#   PARCOURS_ECHO_SERVER names the binary directly, as ctest does)
#   --strict: allow nothing missing, to list what the services still have to export.
set -uo pipefail
source "$(dirname "$0")/lib.sh"

allow=(--allow-missing 'parcours_.*|grpc_client_.*')
if [ "${1:-}" = --strict ]; then
  allow=()
  shift
fi
build_dir="${1:-${PARCOURS_BUILD_DIR:-$PARCOURS_ROOT/build/test}}"
echo_server="${PARCOURS_ECHO_SERVER:-$build_dir/tools/echo/echo_server}"
if [ ! -x "$echo_server" ]; then
  echo "no $echo_server: build it first (source scripts/lib/common.sh && configure_and_build $build_dir test echo_server)" >&2
  exit 1
fi

servers_dir="$(mktemp -d /tmp/parcours-promql-echo.XXXXXX)"
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
  "$PARCOURS_ROOT/tests/servers/stop.sh" "$servers_dir"
}
trap cleanup EXIT

section "stand-ins"
if ! "$PARCOURS_ROOT/tests/servers/start.sh" "$servers_dir" prometheus >/dev/null; then
  fail "Prometheus started by tests/servers/start.sh"; finish; exit 1
fi
source "$servers_dir/env"
pass "Prometheus on $PARCOURS_TEST_PROMETHEUS_URL"

grpc_ports=()
for service in catalogue orientation contracts fraud evaluation; do
  log="$servers_dir/echo-$service.log"
  GRPC_ADDRESS=127.0.0.1:0 METRICS_ADDRESS=127.0.0.1:0 "$echo_server" >"$log" 2>&1 &
  pids+=($!)
  # The first log line names the ports the server picked.
  ports=""
  for _ in $(seq 1 100); do
    ports="$(head -n 1 "$log" | /usr/bin/python3 -c 'import json,sys
try:
    l = json.loads(sys.stdin.readline()); print(l["grpc_port"], l["metrics_port"])
except Exception:
    pass' 2>/dev/null)"
    [ -n "$ports" ] && break
    sleep 0.1
  done
  if [ -z "$ports" ]; then
    fail "echo server standing in for $service started"; cat "$log"; finish; exit 1
  fi
  read -r grpc metrics <<<"$ports"
  grpc_ports+=("$grpc")
  printf '[{"targets":["127.0.0.1:%s"],"labels":{"service":"%s"}}]\n' "$metrics" "$service" \
    >"$PARCOURS_TEST_PROMETHEUS_TARGETS/$service.json"
  pass "echo server as $service: gRPC 127.0.0.1:$grpc, metrics 127.0.0.1:$metrics"
done

# Unary RPCs on every stand-in, so that the grpc_server_* series exist.
check "200 Echo RPCs on each stand-in" timeout 60 /usr/bin/python3 - "${grpc_ports[@]}" <<'PY'
import sys, grpc
for port in sys.argv[1:]:
    with grpc.insecure_channel(f"127.0.0.1:{port}") as ch:
        echo = ch.unary_unary("/parcours.echo.v1.Echo/Echo")
        for _ in range(200):
            echo(b"\x0a\x02hi", timeout=5)  # EchoRequest{payload: "hi"}
PY

# Wait until Prometheus has scraped every stand-in after the RPCs (1 s interval).
scraped() {
  curl -sf --max-time 5 -G "$PARCOURS_TEST_PROMETHEUS_URL/api/v1/query" \
    --data-urlencode 'query=count(count by (service) (grpc_server_handled_total))' |
    grep -q '"value":\[[0-9.]*,"5"\]'
}
for _ in $(seq 1 60); do scraped && break; sleep 0.5; done
sleep 2  # two more scrapes, so that rate() over the first window has two points
check "Prometheus has the RPC series of the five stand-ins" scraped

"$DEPLOY_TESTS_DIR/promql_check.sh" "${allow[@]}" "$PARCOURS_TEST_PROMETHEUS_URL" | tee "$servers_dir/promql.out"
# Fold promql_check.sh's counts into this script's final line.
read -r p _ f _ < <(tail -n 1 "$servers_dir/promql.out")
if [[ "$p" =~ ^[0-9]+$ && "$f" =~ ^[0-9]+$ ]]; then
  passed=$((passed + p)); failed=$((failed + f))
else
  fail "promql_check.sh printed its counts"
fi
finish
