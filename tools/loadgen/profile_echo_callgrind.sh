#!/usr/bin/env bash
# Instructions per echo call under callgrind (docs/PROFILES.md, "How they were taken"):
# echo_server under valgrind pinned to core 0, 3 s of warm-up, then 10 s of tools/loadgen
# from core 1 with instrumentation on. Prints three figures per call:
#   whole      the dump's total / calls answered (every server thread, pollers included)
#   DoWork     inclusive cost of the sync server's per-call work (SyncRequestThreadManager::
#              DoWork: the call's setup, interceptors, handler, send batch, teardown); it
#              does not depend on how busy the machine is, unlike `whole` at c=16
#   metrics    the RPC metrics interceptor's own code (factory, Intercept minus the
#              Proceed() it calls, destructor); 0 when metrics are off
#
#   tools/loadgen/profile_echo_callgrind.sh BUILD_DIR OUT_DIR [CONCURRENCY] -- [echo_server flags]
#   e.g. tools/loadgen/profile_echo_callgrind.sh build/release /tmp/p-on 16 -- --rpc-metrics=true
set -euo pipefail
build=$1 out=$2 conc=${3:-16}
shift 3 || shift $#
[ "${1:-}" = "--" ] && shift
mkdir -p "$out"
rm -f "$out"/cg.out*
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
taskset -c 0 valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$out/cg.out" \
  "$build/tools/echo/echo_server" --grpc-address=127.0.0.1:$port --metrics-address= "$@" \
  >"$out/server.log" 2>&1 &
server=$!
trap 'kill -TERM $server 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do grep -q '"listening"' "$out/server.log" && break; sleep 0.5; done
load() {
  taskset -c 1 "$build/tools/loadgen/loadgen" --target=127.0.0.1:$port --echo-payload-bytes=64 \
    --concurrency="$conc" --warmup=0s --json "$@"
}
load --duration=3s >/dev/null
callgrind_control -z $server >/dev/null 2>&1
callgrind_control -i on $server >/dev/null 2>&1
load --duration=10s >"$out/load.json"
callgrind_control -i off $server >/dev/null 2>&1
callgrind_control -d $server >/dev/null 2>&1
sleep 1
kill -TERM $server
wait $server || true
trap - EXIT
python3 - "$out" <<'EOF'
import json, re, subprocess, sys
out = sys.argv[1]
ok = json.load(open(f"{out}/load.json"))["ok"]
dump = f"{out}/cg.out.1"
total = int(re.search(r"totals: (\d+)", open(dump).read()).group(1))
tree = subprocess.run(["callgrind_annotate", "--tree=calling", "--inclusive=yes",
                       "--threshold=100", dump], capture_output=True, text=True).stdout
number = lambda line: int(re.match(r"\s*([\d,]+)", line).group(1).replace(",", ""))
dowork = metrics = 0
for block in tree.split("\n\n"):
    lines = [l for l in block.splitlines() if l.strip()]
    if not lines or not re.match(r"\s*[\d,]+ \([\s\d.]+%\)\s+\*", lines[0]):
        continue
    head = lines[0]
    if "SyncRequestThreadManager::DoWork" in head:
        dowork += number(head)
    elif "metrics::" in head and ("Factory::Create" in head or "~RpcInterceptor" in head):
        metrics += number(head)
    elif "metrics::" in head and "RpcInterceptor::Intercept" in head:
        metrics += number(head) - sum(number(l) for l in lines[1:]
                                      if "InterceptorBatchMethodsImpl::Proceed" in l)
print(f"calls {ok}  whole {total / ok:.0f}  DoWork {dowork / ok:.0f}  metrics {metrics / ok:.0f}"
      " instructions per call")
EOF
