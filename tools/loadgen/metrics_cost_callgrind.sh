#!/usr/bin/env bash
# The RPC metrics interceptor's cost counted in instructions, which the machine's load does
# not move (the wall-clock on/off ratio of echo_baseline_bench swings by ±15% on a busy
# 2-core machine). Profiles echo_server at concurrency 1 with metrics off, on, off, on
# (tools/loadgen/profile_echo_callgrind.sh: whole-server instructions per call) and prints
# one BENCH record for scripts/bench: calls per 10^9 instructions with metrics on, against
# off, so that its ratio reads like the QPS ratio (target >= 0.97).
#
#   tools/loadgen/metrics_cost_callgrind.sh BUILD_DIR
set -euo pipefail
build=$1
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d /tmp/parcours-metrics-cost.XXXXXX)"
trap 'rm -rf "$work"' EXIT
declare -A sum=([true]=0 [false]=0)
for round in 1 2; do
  for metrics in false true; do
    line=$("$here/profile_echo_callgrind.sh" "$build" "$work/$metrics-$round" 1 -- \
             --rpc-metrics=$metrics | tail -1)
    echo "metrics=$metrics round $round: $line"
    whole=$(sed -n 's/.*whole \([0-9]*\) .*/\1/p' <<<"$line")
    [ -n "$whole" ] || { echo "no figure from the profile" >&2; exit 1; }
    sum[$metrics]=$(( ${sum[$metrics]} + whole ))
  done
done
python3 - "${sum[true]}" "${sum[false]}" <<'PY'
import json, sys
on, off = int(sys.argv[1]) / 2, int(sys.argv[2]) / 2
print("BENCH " + json.dumps({
    "name": "metrics interceptor on vs off (echo, instructions per call, c=1)",
    "value": round(1e9 / on, 1), "unit": "calls/Ginstr",
    "baseline_name": "metrics off", "baseline": round(1e9 / off, 1),
    "target": "ratio >= 0.97",
    "note": "callgrind, whole server: %.0f instructions per call on, %.0f off" % (on, off)}))
PY
