#!/usr/bin/env bash
# parcoursctl against the five real server binaries (started by scripts/run on free ports,
# SQLite in a temporary folder, no seed): every command's success path, a failure path and
# its documented exit code (tools/parcoursctl/exit_codes.h). The data come from tools/synth,
# so this also proves the generator's files import into real servers without rejections,
# and a second import changes nothing.
# Usage: tools/parcoursctl/parcoursctl_e2e_test.sh BUILD_DIR
set -uo pipefail
source "$(dirname "$0")/../../tests/run/suite.sh"
build="${1:?usage: parcoursctl_e2e_test.sh BUILD_DIR}"
ctl="$build/tools/parcoursctl/parcoursctl"
synth="$build/tools/synth/synth"
work="$(mktemp -d /tmp/parcoursctl-e2e.XXXXXX)"
trap 'stop_suite >/dev/null; rm -rf "$work"' EXIT

section "suite"
start_suite "$build" "$work/data" --no-seed --no-redis || { finish; exit 1; }
tokens="$work/data/tokens"

section "synthetic Département (200 beneficiaries, seed 7)"
check "synth wrote the files" "$synth" --out="$work/dep" --seed=7 --scale=200 \
  --slots-start="$(date -u -d 'next monday' +%F)"
expect_exit 2 "synth refuses a bad scale" "$synth" --out="$work/x" --scale=huge

section "imports: every record accepted, then a replay changes nothing"
imports=("data-inclusion data_inclusion.json --publish" "caf caf_flow.csv" "referents referents.jsonl"
  "households households.jsonl" "declarations declarations.jsonl" "cross-checks cross_checks.jsonl")
for step in "${imports[@]}"; do
  read -r kind file flag <<<"$step"
  expect_exit 0 "import $kind" "$ctl" import "$kind" "$work/dep/$file" $flag
  case "$LAST_OUT" in
    *"rejected 0"*) pass "import $kind: nothing rejected" ;;
    *) fail "import $kind: $LAST_OUT" ;;
  esac
done
records="$(($(wc -l <"$work/dep/caf_flow.csv") - 1))"
expect_exit 0 "import caf again" "$ctl" import caf "$work/dep/caf_flow.csv"
check "the replayed CAF flow is all unchanged" \
  grep -q "received $records, applied 0, unchanged $records, rejected 0" <<<"$LAST_OUT"
expect_exit 0 "import data-inclusion again" "$ctl" import data-inclusion "$work/dep/data_inclusion.json" --publish
check "the replayed data·inclusion file creates nothing" grep -q "^created 0, updated 0" <<<"$LAST_OUT"

printf 'kind;caf_number;event_date\nENTRANT;12;2025-01-01\n' >"$work/bad.csv"
expect_exit 1 "import caf with a bad record exits 1" "$ctl" import caf "$work/bad.csv"
check "the rejection names the record, its line and the field" \
  grep -q "rejected record 0 (line 2): caf_number:" <<<"$LAST_OUT"
printf '{"caf_number": 5}\n{"nope": 1}\n' >"$work/bad.jsonl"
expect_exit 1 "import households with unreadable lines exits 1" "$ctl" import households "$work/bad.jsonl"
check "the unreadable line is named" grep -q "unreadable line 2" <<<"$LAST_OUT"
expect_exit 2 "import of a missing file is a usage error" "$ctl" import caf "$work/none.csv"
expect_exit 2 "import of an unknown kind is a usage error" "$ctl" import spreadsheets "$work/bad.csv"
expect_exit 5 "import without a token is denied" env -u PARCOURS_TOKEN_FILE "$ctl" import caf "$work/dep/caf_flow.csv"
check "the error names the gRPC code" grep -q "UNAUTHENTICATED" <<<"$LAST_OUT"
admin_token="$(cat "$tokens/admin.token")"
expect_exit 0 "--token on the command line" env -u PARCOURS_TOKEN_FILE "$ctl" list offers --count --token="$admin_token"
expect_exit 0 "--token-file on the command line" env -u PARCOURS_TOKEN_FILE "$ctl" list offers --count --token-file="$tokens/admin.token"
expect_exit 0 "PARCOURS_TOKEN in the environment" env -u PARCOURS_TOKEN_FILE PARCOURS_TOKEN="$admin_token" "$ctl" list offers --count
expect_exit 5 "a generic TOKEN variable is not taken for the bearer token" \
  env -u PARCOURS_TOKEN_FILE TOKEN="$admin_token" "$ctl" list offers --count
expect_exit 2 "an unreadable token file is a usage error" \
  env PARCOURS_TOKEN_FILE="$work/none.token" "$ctl" list offers --count

section "list and get"
expect_exit 0 "list beneficiaries --count" "$ctl" list beneficiaries --count --purpose=e2e-count
check "200 beneficiaries (got $LAST_OUT)" test "$LAST_OUT" = 200
expect_exit 0 "list offers --count" "$ctl" list offers --count --status=OFFER_STATUS_PUBLISHED
check "26 published offers (got $LAST_OUT)" test "$LAST_OUT" = 26
expect_exit 0 "list offers --limit=3" "$ctl" list offers --limit=3
check "a header and 3 offers" test "$(wc -l <<<"$LAST_OUT")" = 4
offer="$(sed -n 2p <<<"$LAST_OUT" | cut -f1)"
expect_exit 0 "get offer $offer" "$ctl" get offer "$offer"
check "the offer as JSON" grep -q "\"id\": \"$offer\"" <<<"$LAST_OUT"
expect_exit 4 "get offer of an unknown id is NOT_FOUND" "$ctl" get offer off_00000000000000000000000000
expect_exit 2 "list offers with an unknown status is a usage error" "$ctl" list offers --status=BOGUS
expect_exit 6 "list offers from an address nobody serves is UNAVAILABLE" \
  "$ctl" list offers --catalogue-addr=127.0.0.1:1 --timeout=2s
expect_exit 0 "list beneficiaries --limit=1" "$ctl" list beneficiaries --limit=1 --purpose=e2e-list
check "the listing shows no identity" bash -c "! grep -qE 'Fictif|Exemple|example.org' <<<\"\$1\"" _ "$LAST_OUT"
beneficiary="$(sed -n 2p <<<"$LAST_OUT" | cut -f1)"
expect_exit 0 "get beneficiary $beneficiary --purpose=e2e-check" \
  "$ctl" get beneficiary "$beneficiary" --purpose=e2e-check
check "get beneficiary returns the identity" grep -q '"caf_number"' <<<"$LAST_OUT"
check "the access is in orientation's audit log with its purpose" /usr/bin/python3 - \
  "$work/data/orientation.db" "$beneficiary" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rows = db.execute("SELECT subject, method FROM audit_log WHERE record_id = ? AND purpose = ?",
                  (sys.argv[2], "e2e-check")).fetchall()
print(rows)
sys.exit(0 if rows and rows[0][0] == "admin" and rows[0][1].endswith("GetBeneficiary") else 1)
PY
expect_exit 0 "list contracts --count" "$ctl" list contracts --count
expect_exit 4 "get contract of an unknown id is NOT_FOUND" "$ctl" get contract ctr_00000000000000000000000000
expect_exit 5 "list cases with the operator's token is denied" \
  env PARCOURS_TOKEN_FILE="$tokens/operator.token" "$ctl" list cases
check "the error names the gRPC code" grep -q "PERMISSION_DENIED" <<<"$LAST_OUT"

section "fraud batch, cases"
expect_exit 0 "fraud batch" "$ctl" fraud batch
check "the progress bar reached 100%" grep -q "100%  200/200 files" <<<"$LAST_OUT"
check "the batch scored every file" grep -q "scored 200 of 200 files" <<<"$LAST_OUT"
expect_exit 0 "list cases --count" "$ctl" list cases --count
check "the hidden salaries opened cases (got $LAST_OUT)" test "$LAST_OUT" -gt 0
expect_exit 0 "list cases --limit=1" "$ctl" list cases --limit=1
case_id="$(sed -n 2p <<<"$LAST_OUT" | cut -f1)"
expect_exit 0 "get case $case_id" "$ctl" get case "$case_id"
expect_exit 4 "get case of an unknown id is NOT_FOUND" "$ctl" get case case_00000000000000000000000000
expect_exit 5 "fraud batch with the référent's token is denied" \
  env PARCOURS_TOKEN_FILE="$tokens/referent.token" "$ctl" fraud batch
expect_exit 2 "fraud with an unknown subcommand is a usage error" "$ctl" fraud sweep

section "bilan and export"
expect_exit 0 "bilan --year=2025" "$ctl" bilan --year=2025
check "the bilan table has its header and the contractualisation rate" \
  bash -c 'grep -q "^fiche  *indicator  *value" <<<"$1" && grep -q taux_contractualisation <<<"$1"' _ "$LAST_OUT"
expect_exit 3 "bilan for year 1900 is refused" "$ctl" bilan --year=1900
check "the field violation is listed" grep -q "field year:" <<<"$LAST_OUT"
expect_exit 0 "export --table=bilan" "$ctl" export --table=bilan --year=2025 --out="$work/bilan.csv"
check "the CSV has its header" grep -q "^year,month,fiche" "$work/bilan.csv"
expect_exit 3 "export of cohorts without months is refused" "$ctl" export --table=cohorts --out="$work/c.csv"
check "a refused export leaves no file" test ! -e "$work/c.csv" -a ! -e "$work/c.csv.part"

section "command line"
expect_exit 2 "an unknown command" "$ctl" frobnicate
expect_exit 2 "an unknown flag" "$ctl" list offers --colour=blue
expect_exit 0 "health --all" "$ctl" health --all
check "health lists the five services SERVING" test "$(grep -c 'SERVING$' <<<"$LAST_OUT")" = 5
expect_exit 6 "health of an address nobody serves is UNAVAILABLE" "$ctl" health --target=127.0.0.1:1 --timeout=1s

section "stop"
stop_suite
finish
