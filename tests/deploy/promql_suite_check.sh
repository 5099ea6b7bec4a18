#!/usr/bin/env bash
# promql_check.sh on the real suite: scripts/run starts the five services on free ports
# with the small synthetic Département loaded, a real Prometheus (tests/servers/start.sh)
# scrapes their /metrics, some RPCs run (listings, the fraud batch, the bilan), and every
# PromQL expression of the dashboards and alert rules must then return data or be one of
# the known-empty results of promql-allowlist.txt. Nothing may be missing.
# Usage: tests/deploy/promql_suite_check.sh [build dir]   (default build/test)
set -uo pipefail
source "$(dirname "$0")/../run/suite.sh"
build="${1:-${PARCOURS_BUILD_DIR:-$PARCOURS_ROOT/build/test}}"
ctl="$build/tools/parcoursctl/parcoursctl"
work="$(mktemp -d /tmp/parcours-promql-suite.XXXXXX)"
cleanup() {
  stop_suite >/dev/null
  "$PARCOURS_ROOT/tests/servers/stop.sh" "$work/servers"
  rm -rf "$work"
}
trap cleanup EXIT

section "the suite and Prometheus"
# Gauges computed from the database refresh every second here (minutes in production), so
# that they reflect the loaded Département before the check.
export QUEUE_GAUGES_INTERVAL=1s METRICS_REFRESH_INTERVAL=1s
start_suite "$build" "$work/data" || { finish; exit 1; }
if ! "$PARCOURS_ROOT/tests/servers/start.sh" "$work/servers" prometheus >/dev/null; then
  fail "Prometheus started by tests/servers/start.sh"; finish; exit 1
fi
source "$work/servers/env"
pass "Prometheus on $PARCOURS_TEST_PROMETHEUS_URL"
for service in catalogue orientation contracts fraud evaluation; do
  var="PARCOURS_${service^^}_METRICS"
  printf '[{"targets":["%s"],"labels":{"service":"%s"}}]\n' "${!var}" "$service" \
    >"$PARCOURS_TEST_PROMETHEUS_TARGETS/$service.json"
done

section "traffic"
check "fraud batch" "$ctl" fraud batch --quiet
# Traffic only feeds the RPC panels (what is checked is below), so a call the loaded
# machine lets time out is said, not counted.
calls=0 failed_calls=0
for _ in 1 2 3; do
  for call in "list offers --limit=5" "list beneficiaries --limit=5 --purpose=metrics" \
    "list contracts --limit=5" "list cases --limit=5" "bilan --year=2025"; do
    calls=$((calls + 1))
    # shellcheck disable=SC2086
    "$ctl" $call >/dev/null 2>&1 || failed_calls=$((failed_calls + 1))
  done
done
printf '  %d calls to the five services, %d failed\n' "$calls" "$failed_calls"
# A refused call, so that the error-by-code panels have a series.
"$ctl" get offer off_00000000000000000000000000 >/dev/null 2>&1

scraped() {
  curl -sf --max-time 5 -G "$PARCOURS_TEST_PROMETHEUS_URL/api/v1/query" \
    --data-urlencode 'query=count(count by (service) (grpc_server_handled_total))' |
    grep -q '"value":\[[0-9.]*,"5"\]'
}
for _ in $(seq 1 60); do scraped && break; sleep 0.5; done
sleep 3  # more scrapes, so that rate() over the first window has points
check "Prometheus has the RPC series of the five services" scraped

# What the services export, for the record (and to fix deploy/metrics-catalog.md from).
curl -sf --max-time 10 -G "$PARCOURS_TEST_PROMETHEUS_URL/api/v1/series" \
  --data-urlencode 'match[]={__name__=~"parcours_.+",__name__!~".*_bucket|.*_sum|.*_count"}' \
  >"$work/series.json" && /usr/bin/python3 - "$work/series.json" <<'PY' >"${PARCOURS_PROMQL_SERIES_OUT:-/dev/null}"
import json, sys, collections
labels = collections.defaultdict(lambda: collections.defaultdict(set))
for s in json.load(open(sys.argv[1]))["data"]:
    for k, v in s.items():
        if k not in ("__name__", "instance", "job", "service"):
            labels[s["__name__"]][k].add(v)
for name in sorted(labels):
    print(name, {k: sorted(v) for k, v in sorted(labels[name].items())})
PY
"$DEPLOY_TESTS_DIR/promql_check.sh" "$PARCOURS_TEST_PROMETHEUS_URL" | tee "$work/promql.out"
read -r p _ f _ < <(tail -n 1 "$work/promql.out")
if [[ "$p" =~ ^[0-9]+$ && "$f" =~ ^[0-9]+$ ]]; then
  passed=$((passed + p)); failed=$((failed + f))
else
  fail "promql_check.sh printed its counts"
fi
stop_suite
finish
