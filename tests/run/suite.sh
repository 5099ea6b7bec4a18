# Starts the whole suite through scripts/run for a test, and stops it with Ctrl-C (SIGINT)
# as a person would. Sourced by the tests in tests/run, tools/parcoursctl and tests/deploy;
# uses tests/deploy/lib.sh's pass/fail/check/finish.
#
#   source tests/run/suite.sh
#   start_suite BUILD_DIR DATA_DIR [scripts/run options...]   # sets SUITE_PID, exports the
#                                                            # PARCOURS_<SERVICE>_ADDR
#   ... parcoursctl calls ...
#   stop_suite                                               # counts: exit 0, no process left
# The suite reuses BUILD_DIR as it is (--no-build: CI builds once) and takes free ports
# (--port-base 0), so it runs beside other tests and other runs.
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/../deploy" && pwd)/lib.sh"

SUITE_PID=""
SUITE_OUT=""
SUITE_DATA=""

start_suite() {
  local build="$1" data="$2"
  shift 2
  SUITE_DATA="$data"
  SUITE_OUT="$data.out"
  mkdir -p "$data"
  # Emptied here, not only by the job's redirection: that one runs in the child, maybe after
  # the loop below has found the previous run's "Stop with Ctrl-C" in the old file (a second
  # start_suite on the same folder then read the first run's, dead, endpoints).
  : >"$SUITE_OUT"
  # A background job of a script starts with SIGINT ignored (and bash cannot trap a signal
  # ignored at entry): restore it, so that Ctrl-C reaches scripts/run's trap.
  PARCOURS_RUN_NO_BUILD=1 env --default-signal=INT ${PARCOURS_SUITE_TRACE:+bash -x} "$PARCOURS_ROOT/scripts/run" --build-dir "$build" --data-dir "$data" \
    --port-base 0 "$@" >"$SUITE_OUT" 2>&1 &
  SUITE_PID=$!
  local i
  for ((i = 0; i < 1200; i++)); do
    grep -q "Stop with Ctrl-C" "$SUITE_OUT" 2>/dev/null && break
    kill -0 "$SUITE_PID" 2>/dev/null || break
    sleep 0.1
  done
  if ! grep -q "Stop with Ctrl-C" "$SUITE_OUT"; then
    fail "scripts/run started the suite"
    sed 's/^/        /' "$SUITE_OUT" | tail -n 40
    [ -f "$data/run/seed.log" ] && sed 's/^/        seed: /' "$data/run/seed.log" | tail -n 20
    local f
    for f in "$data"/run/*.log; do
      [ "$(basename "$f")" = seed.log ] || tail -n 5 "$f" | sed "s|^|        $(basename "$f"): |"
    done
    return 1
  fi
  pass "scripts/run started the suite ($(grep -c SERVING "$SUITE_OUT") services SERVING)"
  # shellcheck disable=SC1091
  source "$data/run/endpoints.env"
  export PARCOURS_TOKEN_FILE="$data/tokens/admin.token"
}

# SIGINT, then: scripts/run exits 0 within 30 s and none of the services it started is left.
stop_suite() {
  [ -n "$SUITE_PID" ] || return 0
  local servers=() p rc i redis_pid=""
  mapfile -t servers <"$SUITE_DATA/run/pids" 2>/dev/null || true
  [ -f "$SUITE_DATA/run/redis.pid" ] && redis_pid="$(cat "$SUITE_DATA/run/redis.pid")"
  kill -INT "$SUITE_PID" 2>/dev/null
  for ((i = 0; i < 300; i++)); do kill -0 "$SUITE_PID" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$SUITE_PID" 2>/dev/null; then
    fail "scripts/run stopped within 30 s of SIGINT"
    kill -KILL "$SUITE_PID" 2>/dev/null
  fi
  wait "$SUITE_PID"
  rc=$?
  SUITE_PID=""
  [ "$rc" = 0 ] && pass "scripts/run exited 0 on SIGINT" || fail "scripts/run exited $rc on SIGINT"
  local left=()
  for p in "${servers[@]}"; do kill -0 "$p" 2>/dev/null && left+=("$p"); done
  if [ -n "$redis_pid" ] && kill -0 "$redis_pid" 2>/dev/null; then
    left+=("redis $redis_pid")
    kill "$redis_pid" 2>/dev/null
  fi
  if [ ${#left[@]} -eq 0 ]; then
    pass "no process left (${#servers[@]} services stopped)"
  else
    fail "processes left after SIGINT: ${left[*]}"
    for p in "${servers[@]}"; do kill -KILL "$p" 2>/dev/null; done
  fi
}

# expect_exit <code> <description> <command...>: the command exits with <code>.
expect_exit() {
  local want="$1" what="$2" out rc
  shift 2
  out="$("$@" 2>&1)"
  rc=$?
  if [ "$rc" = "$want" ]; then
    pass "$what (exit $rc)"
  else
    fail "$what: exit $rc, expected $want"
    printf '%s\n' "$out" | sed 's/^/        /' | head -n 20
  fi
  LAST_OUT="$out"
}
