#!/usr/bin/env bash
# Runs every PromQL expression of the Grafana dashboards and the alert rules on a real
# Prometheus server through its HTTP API, so that no panel or alert refers to a metric the
# services do not export:
#   - a query the server rejects fails;
#   - an expression reading a metric absent from the server (/api/v1/label/__name__/values)
#     fails, unless the metric is a `metric` entry of promql-allowlist.txt or matches
#     --allow-missing (then it is skipped and said so);
#   - an expression whose metrics all exist but that returns no series fails, unless its
#     source matches an `empty` entry of promql-allowlist.txt (alert conditions, error
#     panels: empty while nothing is wrong).
# Usage: tests/deploy/promql_check.sh [--allow-missing REGEX] <prometheus_url>
#   e.g. tests/deploy/promql_check.sh http://127.0.0.1:9090
# Loopback only; every query has a 15 s timeout.
set -uo pipefail
source "$(dirname "$0")/lib.sh"

allow_missing=""
while [ $# -gt 0 ]; do
  case "$1" in
    --allow-missing) allow_missing="$2"; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) break ;;
  esac
done
url="${1:?usage: promql_check.sh [--allow-missing REGEX] <prometheus_url>}"
url="${url%/}"
case "$url" in
  http://127.0.0.1:*|http://localhost:*|http://\[::1\]:*) ;;
  *) echo "promql_check.sh: only a loopback Prometheus is queried (got $url)" >&2; exit 2 ;;
esac

section "PromQL of deploy/grafana and deploy/prometheus/rules on $url"
ensure_node_modules || { fail "npm packages in $DEPLOY_TOOLS_DIR"; finish; exit 1; }
missing=()
skipped=0
while IFS=$'\t' read -r status source detail expr; do
  case "$status" in
    PASS) pass "$source: $detail" ;;
    SKIP) skipped=$((skipped + 1)); printf '  skip  %s: %s\n' "$source" "$detail" ;;
    FAIL) fail "$source: $detail"; [ -z "$expr" ] || printf '        %s\n' "$expr" ;;
    MISSING) missing+=("$source") ;;
    INFO) printf '  %s\n' "$source" ;;
    *) fail "promql_check.mjs: $status $source $detail" ;;
  esac
done < <(timeout 300 node "$DEPLOY_TESTS_DIR/promql_check.mjs" "$DEPLOY_NODE_MODULES" "$url" \
  "$DEPLOY_TESTS_DIR/promql-allowlist.txt" "$allow_missing" \
  "$PARCOURS_ROOT/deploy/grafana" "$PARCOURS_ROOT"/deploy/prometheus/rules/*.yml 2>&1 ||
  echo "FAIL	promql_check.mjs	exited with an error")

section "summary"
printf '  %d expressions skipped (allowed)\n' "$skipped"
if [ ${#missing[@]} -gt 0 ]; then
  printf '  metrics read by the dashboards or rules that the server does not have (%d):\n' "${#missing[@]}"
  printf '    %s\n' "${missing[@]}"
fi
finish
