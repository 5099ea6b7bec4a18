# Local identities for scripts/run: one random bearer token per role and per service,
# written once under $1/tokens/<name>.token (mode 600), and the services' token file
# $1/tokens.json holding only their SHA-256 digests. Sourced by scripts/run.

# ensure_local_tokens <data-dir>
ensure_local_tokens() {
  local dir="$1/tokens" json="$1/tokens.json"
  mkdir -p "$dir"
  chmod 700 "$dir"
  # name roles territories
  local identities=(
    "admin admin *"
    "dpo dpo *"
    "steering steering *"
    "controller controller *"
    "referent referent *"
    "orientation-agent orientation_agent *"
    "operator operator *"
    "svc-catalogue service:catalogue *"
    "svc-orientation service:orientation *"
    "svc-contracts service:contracts *"
    "svc-fraud service:fraud *"
    "svc-evaluation service:evaluation *"
  )
  local entries=() entry name role territory token digest
  for entry in "${identities[@]}"; do
    read -r name role territory <<<"$entry"
    if [ ! -s "$dir/$name.token" ]; then
      (umask 077; openssl rand -hex 24 >"$dir/$name.token")
    fi
    token="$(tr -d '\n' <"$dir/$name.token")"
    digest="$(printf '%s' "$token" | openssl dgst -sha256 -r | cut -d' ' -f1)"
    entries+=("{\"sha256\": \"$digest\", \"subject\": \"$name\", \"roles\": [\"$role\"], \"territories\": [\"$territory\"]}")
  done
  local IFS=,
  printf '[%s]\n' "${entries[*]}" >"$json.tmp"
  mv "$json.tmp" "$json"
}
