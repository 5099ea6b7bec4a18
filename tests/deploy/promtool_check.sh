#!/usr/bin/env bash
# Checks the Prometheus files offline with promtool: the local scrape configuration, the
# alert rules, and the rules' unit tests (parcours-alerts.test.yml: each alert fires on
# the series it is for, with its rendered annotations, and not on near misses).
# Usage: tests/deploy/promtool_check.sh
set -uo pipefail
source "$(dirname "$0")/lib.sh"

section "promtool"
if ! command -v promtool >/dev/null; then
  fail "promtool installed (Debian package prometheus)"
  finish
  exit 1
fi
pass "$(promtool --version 2>&1 | head -n 1)"

section "files"
# check config also loads the rule files the configuration names (rules/*.yml).
check "promtool check config deploy/prometheus/prometheus.yml" \
  timeout 60 promtool check config "$PARCOURS_ROOT/deploy/prometheus/prometheus.yml"
for rules in "$PARCOURS_ROOT"/deploy/prometheus/rules/*.yml; do
  check "promtool check rules ${rules#"$PARCOURS_ROOT"/}" timeout 60 promtool check rules "$rules"
done
check "every alert has summary, description and runbook annotations and a severity" \
  awk '
    /^ *- alert:/ { if (name) missing(); name = $3; s = d = r = sev = 0 }
    /^ *summary:/ { s = 1 } /^ *description:/ { d = 1 } /^ *runbook:/ { r = 1 } /^ *severity:/ { sev = 1 }
    function missing() { if (!(s && d && r && sev)) { print name ": missing annotation or severity"; bad = 1 } }
    END { if (name) missing(); exit bad }' "$PARCOURS_ROOT"/deploy/prometheus/rules/*.yml

section "rule unit tests"
# rule_files in the test file are relative to it.
check "promtool test rules tests/deploy/parcours-alerts.test.yml" \
  timeout 120 promtool test rules "$DEPLOY_TESTS_DIR/parcours-alerts.test.yml"

finish
