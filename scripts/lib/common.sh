# Shared by scripts/run, scripts/test and scripts/bench: install what is missing, configure
# and build. Sourced, not run.

PARCOURS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

log() { printf '\033[1m[parcours]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[parcours] error:\033[0m %s\n' "$*" >&2; exit 1; }

# Runs a command as root: directly when we are root, through sudo otherwise.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Debian 12 packages the build, the tests and the local suite need.
PARCOURS_PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler grpc-proto
  libabsl-dev libhiredis-dev prometheus-cpp-dev libgtest-dev libgmock-dev libbenchmark-dev
  libsqlite3-dev libpq-dev nlohmann-json3-dev libjwt-dev libssl-dev openssl
  redis-server redis-tools postgresql postgresql-client prometheus
  python3 python3-grpcio python3-grpc-tools
  clang libclang-rt-14-dev
  nodejs unzip curl ca-certificates tzdata
)

# Installs the packages that are not installed yet; does nothing when all are there.
ensure_packages() {
  local missing=()
  local p
  for p in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$p")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    return 0
  fi
  log "installing Debian packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    "${missing[@]}" >/dev/null
}

# Everything: the Debian packages, and npm where node came without it (Debian's nodejs
# does; a nodejs from elsewhere that bundles npm conflicts with Debian's npm package).
ensure_dependencies() {
  ensure_packages "${PARCOURS_PACKAGES[@]}"
  command -v npm >/dev/null || ensure_packages npm
}

# configure_and_build <build-dir> <kind: test|release> [targets...]
# Incremental: configures once, then lets Ninja rebuild what changed.
configure_and_build() {
  local dir="$1" kind="$2"
  shift 2
  local args=(-G Ninja -S "$PARCOURS_ROOT" -B "$dir")
  case "$kind" in
    test) args+=(-DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g1"
                 -DPARCOURS_SANITIZE=ON -DPARCOURS_BUILD_TESTS=ON -DPARCOURS_BUILD_BENCHMARKS=OFF) ;;
    release) args+=(-DCMAKE_BUILD_TYPE=Release -DPARCOURS_SANITIZE=OFF
                    -DPARCOURS_BUILD_TESTS=OFF -DPARCOURS_BUILD_BENCHMARKS=ON) ;;
    *) die "unknown build kind $kind" ;;
  esac
  if [ ! -f "$dir/build.ninja" ]; then
    log "configuring $kind build in $dir"
    cmake "${args[@]}" >/dev/null || { rm -f "$dir/build.ninja"; die "cmake configure failed"; }
  fi
  export CCACHE_BASEDIR="$PARCOURS_ROOT"
  export CCACHE_SLOPPINESS=time_macros
  # Debug info makes ccache hash the build folder; a fresh clone elsewhere (CI) should
  # still hit the cache.
  export CCACHE_NOHASHDIR=1
  export CCACHE_MAXSIZE=5G
  log "building ($kind)"
  local jobs
  jobs="$(nproc)"
  cmake --build "$dir" -j "$jobs" ${1:+--target "$@"}
}
