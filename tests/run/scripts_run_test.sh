#!/usr/bin/env bash
# scripts/run for real (issue 8): started in the background on a temporary data folder
# and free ports, reusing the test build, it reaches SERVING for every service,
# `parcoursctl health --all` succeeds and the small synthetic Département is loaded; SIGINT
# stops it cleanly (exit 0, no process left). A second run on the same folder reuses the
# data and loads the seed again without duplicating or failing.
# Usage: tests/run/scripts_run_test.sh BUILD_DIR
set -uo pipefail
source "$(dirname "$0")/suite.sh"
build="${1:?usage: scripts_run_test.sh BUILD_DIR}"
ctl="$build/tools/parcoursctl/parcoursctl"
work="$(mktemp -d /tmp/parcours-run-test.XXXXXX)"
trap 'stop_suite >/dev/null; rm -rf "$work"' EXIT

counts() {  # beneficiaries offers
  echo "$("$ctl" list beneficiaries --count --purpose=test) $("$ctl" list offers --count)"
}

for run in first second; do
  section "$run run of scripts/run"
  start_suite "$build" "$work/data" || { finish; exit 1; }
  check "five services SERVING in scripts/run's output" test "$(grep -v '^+' "$SUITE_OUT" | grep -c ' SERVING on ')" = 5
  check "parcoursctl health --all" "$ctl" health --all
  check "the seed loaded without rejections" grep -q "rejected 0, households marked" "$work/data/run/seed.log"
  if grep -q "rejected [1-9]" "$work/data/run/seed.log"; then
    fail "a seed import rejected records"; grep "rejected" "$work/data/run/seed.log" | head
  fi
  read -r beneficiaries offers <<<"$(counts)"
  check "300 beneficiaries and 40 offers after the $run run (got $beneficiaries and $offers)" \
    test "$beneficiaries $offers" = "300 40"
  if [ "$run" = second ]; then
    check "the second load changed nothing (CAF flow all unchanged)" \
      grep -q "received 395, applied 0, unchanged 395, rejected 0" "$work/data/run/seed.log"
    check "the second load created no structure or service" \
      grep -q "created 0, updated 0, unchanged 60, rejected 0" "$work/data/run/seed.log"
  fi
  stop_suite
done
finish
