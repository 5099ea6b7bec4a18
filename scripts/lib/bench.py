#!/usr/bin/env python3
"""Runs every Parcours benchmark of a release build and writes the report (scripts/bench).

Each benchmark prints one `BENCH {json}` line per figure (tools/loadgen/bench_record.h):
the figure, the baseline measured in the same run, and the target. This driver runs them
one after the other (so that they do not compete for the two cores), measures what needs
no benchmark binary (start-up time and idle memory of each service), computes ratios and
met/missed, and writes report.json and report.md. The servers (Redis, PostgreSQL) are
started by scripts/bench and given in the environment (tests/servers/start.sh's exports).

  scripts/lib/bench.py --build-dir build/release --out bench-report [--quick] [--dry-run]
"""

import argparse
import datetime
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SERVICES = ["catalogue", "orientation", "contracts", "fraud", "evaluation"]

# (name, binary under the build folder, arguments), in the order they run.
def benchmarks(args, pg_url):
    quick = args.quick
    out = [
        ("echo baseline", "tools/loadgen/echo_baseline_bench",
         ["--duration=" + ("1s" if quick else "5s"), "--tls-dir=" + args.tls_dir]),
        # An absolute path: a script, not a binary of the build.
        ("metrics cost", os.path.join(ROOT, "tools/loadgen/metrics_cost_callgrind.sh"),
         [args.build_dir]),
        ("catalogue", "services/catalogue/catalogue_benchmark",
         (["--duration=1s", "--offers=1000", "--redis-requests=20000", "--pg-offers=50",
           "--feed-rate=200"] if quick else ["--duration=5s", "--offers=10000"])
         + (["--postgres-url=" + pg_url] if pg_url else [])),
        ("orientation CAF import", "services/orientation/caf_import_benchmark",
         ["5000", "500", "1"] if quick else ["100000", "500", "2"]),
        ("fraud batch scoring", "services/fraud/tests/fraud_scoring_benchmark",
         ["--households=" + ("20000" if quick else "1000000"),
          "--database-url=sqlite://" + os.path.join(args.work, "fraud_bench.db")]),
        ("evaluation projection", "services/evaluation/evaluation_benchmark",
         ["20000" if quick else "1000000",
          "sqlite://" + os.path.join(args.work, "evaluation_bench.db")]),
        ("evaluation feed lag", "services/evaluation/feed_lag_benchmark",
         ["--duration=" + ("2s" if quick else "10s"), "--rate=1000",
          "--offers=" + ("50" if quick else "200")]),
    ]
    return out


def load_average():
    with open("/proc/loadavg") as f:
        return [float(x) for x in f.read().split()[:3]]


def resident_mb(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return 0.0


def pinned(argv, core):
    if os.cpu_count() and os.cpu_count() > 1 and shutil.which("taskset"):
        return ["taskset", "-c", str(core)] + argv
    return argv


def evaluate(record):
    """Adds ratio and met to a record from its value, baseline and target."""
    value, baseline = record.get("value"), record.get("baseline")
    ratio = None
    if value is not None and baseline:
        ratio = value / baseline
    record["ratio"] = ratio
    target = record.get("target") or ""
    m = re.fullmatch(r"\s*(ratio|value)\s*(>=|<=|<|>)\s*([0-9.]+)\s*", target)
    met = None
    if m:
        subject = ratio if m.group(1) == "ratio" else value
        limit = float(m.group(3))
        if subject is not None:
            met = {">=": subject >= limit, "<=": subject <= limit,
                   "<": subject < limit, ">": subject > limit}[m.group(2)]
        else:
            met = False
    elif target:
        raise ValueError("bad target %r in %r" % (target, record.get("name")))
    record["met"] = met
    return record


def run_benchmark(name, argv, log_path, env):
    """Runs one benchmark binary, tees its output to log_path, returns its BENCH records."""
    records = []
    started = time.monotonic()
    with open(log_path, "w") as log:
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True, env=env, cwd=ROOT)
        for line in proc.stdout:
            log.write(line)
            log.flush()
            if line.startswith("BENCH "):
                record = json.loads(line[len("BENCH "):])
                record["benchmark"] = name
                records.append(evaluate(record))
                print("  %s: %s %s" % (record["name"], fmt(record["value"]), record["unit"]),
                      flush=True)
        rc = proc.wait()
    elapsed = time.monotonic() - started
    if rc != 0:
        records.append({"benchmark": name, "name": name + " FAILED (exit %d)" % rc,
                        "value": None, "unit": "", "target": "", "ratio": None, "met": False,
                        "note": "see " + os.path.relpath(log_path, ROOT)})
    return records, elapsed


def write_tokens(path):
    """One admin token (a digest may appear once): the services need a token file to start."""
    digest = hashlib.sha256(b"bench-service").hexdigest()
    with open(path, "w") as f:
        json.dump([{"sha256": digest, "subject": "bench", "roles": ["admin"],
                    "territories": ["*"]}], f)


def startup_records(build_dir, work, redis_url):
    """Each service alone on a fresh SQLite database: exec to SERVING, then idle RSS."""
    records = []
    tokens = os.path.join(work, "tokens.json")
    write_tokens(tokens)
    token_file = os.path.join(work, "service.token")
    with open(token_file, "w") as f:
        f.write("bench-service\n")
    os.chmod(token_file, 0o600)
    for service in SERVICES:
        binary = os.path.join(build_dir, "services", service, service + "_server")
        if not os.access(binary, os.X_OK):
            records.append({"benchmark": "start-up", "name": service + " start-up FAILED",
                            "value": None, "unit": "s", "target": "", "ratio": None,
                            "met": False, "note": binary + " is not built"})
            continue
        data = os.path.join(work, "startup-" + service)
        os.makedirs(data, exist_ok=True)
        env = dict(os.environ)
        env.update({
            "GRPC_ADDRESS": "127.0.0.1:0", "METRICS_ADDRESS": "127.0.0.1:0",
            "DATABASE_URL": "sqlite://" + os.path.join(data, service + ".db"),
            "REDIS_URL": redis_url, "PARCOURS_DATA_DIR": data, "AUTH_TOKENS_FILE": tokens,
            "SERVICE_TOKEN_FILE": token_file,
        })
        # Peers on a closed port: a service must reach SERVING without them.
        for peer in SERVICES:
            env[peer.upper() + "_ADDR"] = "127.0.0.1:1"
        started = time.monotonic()
        proc = subprocess.Popen(pinned([binary], 0), stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, env=env)
        serving = None
        lines = []
        deadline = started + 60
        for line in proc.stdout:
            lines.append(line)
            if '"msg":"serving"' in line:
                serving = time.monotonic() - started
                break
            if time.monotonic() > deadline:
                break
        if serving is None:
            proc.kill()
            proc.wait()
            records.append({"benchmark": "start-up", "name": service + " start-up FAILED",
                            "value": None, "unit": "s", "target": "", "ratio": None,
                            "met": False, "note": "".join(lines[-3:]).strip()[:300]})
            continue
        time.sleep(1.0)
        rss = resident_mb(proc.pid)
        proc.terminate()
        try:
            proc.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
        records.append(evaluate({"benchmark": "start-up", "unit": "s", "value": serving,
                                 "name": service + " start-up, exec to SERVING (fresh SQLite)",
                                 "target": "", "note": "fresh database: every migration applied"}))
        records.append(evaluate({"benchmark": "start-up", "unit": "MB", "value": rss,
                                 "name": service + " RSS idle", "target": "",
                                 "note": "1 s after SERVING, nothing loaded"}))
        print("  %s: %.3f s to SERVING, %.1f MB idle" % (service, serving, rss), flush=True)
    return records


def fmt(v):
    if v is None:
        return "—"
    if abs(v) >= 100:
        return "{:,.0f}".format(v)
    if abs(v) >= 10:
        return "%.1f" % v
    return "%.3g" % v


def write_report(out, meta, records):
    with open(os.path.join(out, "report.json"), "w") as f:
        json.dump({"meta": meta, "records": records}, f, indent=2)
    lines = ["# Parcours benchmark report", ""]
    lines.append("- Date: %s; commit %s; %s" % (meta["date"], meta["commit"],
                                                "quick run" if meta["quick"] else "full run"))
    lines.append("- Machine: %d cores; load average (1, 5, 15 min) at start %s, at end %s" % (
        meta["cores"], meta["load_start"], meta["load_end"]))
    lines.append("- Servers pinned to core 0, load generators to core 1 (taskset); every "
                 "ratio is to a baseline measured in the same run.")
    lines.append("- Wall time: %.0f s of benchmarks (%s)" % (
        meta["seconds"], ", ".join("%s %.0f s" % (k, v) for k, v in meta["per_benchmark_s"].items())))
    lines.append("")
    met = [r for r in records if r.get("met") is True]
    missed = [r for r in records if r.get("met") is False]
    lines.append("Targets: %d met, %d missed." % (len(met), len(missed)))
    lines.append("")
    lines.append("| Benchmark | Figure | Baseline (same run) | Ratio | Target | Met |")
    lines.append("|---|---|---|---|---|---|")
    for r in records:
        base = ""
        if r.get("baseline") is not None:
            base = "%s %s (%s)" % (fmt(r["baseline"]), r["unit"], r.get("baseline_name", ""))
        ratio = "" if r.get("ratio") is None else "%.3f" % r["ratio"]
        met_text = {True: "met", False: "**missed**", None: ""}[r.get("met")]
        figure = "%s %s" % (fmt(r.get("value")), r.get("unit", ""))
        lines.append("| %s | %s | %s | %s | %s | %s |" % (
            r["name"], figure, base, ratio, r.get("target", ""), met_text))
    notes = [r for r in records if r.get("note")]
    if notes:
        lines.append("")
        lines.append("Notes:")
        lines.append("")
        for r in notes:
            lines.append("- %s: %s" % (r["name"], r["note"]))
    lines.append("")
    # The profiles behind the fixes are recorded by hand (callgrind), not measured here.
    profiles = os.path.join(ROOT, "docs", "PROFILES.md")
    if os.path.exists(profiles):
        with open(profiles) as f:
            lines.append("#" + f.read())
    with open(os.path.join(out, "report.md"), "w") as f:
        f.write("\n".join(lines))


def merge_reports(paths, out):
    """One report from several partial runs (each keeps its own load average in meta)."""
    metas, records = [], []
    for path in paths:
        with open(path) as f:
            data = json.load(f)
        metas.append(data["meta"])
        records += data["records"]
    meta = dict(metas[0])
    meta["per_benchmark_s"] = {}
    meta["seconds"] = 0.0
    for m in metas:
        meta["per_benchmark_s"].update(m["per_benchmark_s"])
        meta["seconds"] += m["seconds"]
    meta["load_start"] = " / ".join(str(m["load_start"]) for m in metas)
    meta["load_end"] = " / ".join(str(m["load_end"]) for m in metas)
    meta["date"] = " / ".join(m["date"] for m in metas)
    os.makedirs(out, exist_ok=True)
    write_report(out, meta, records)
    print("[bench] merged %d reports into %s" % (len(paths), os.path.join(out, "report.md")))
    return 0


def self_check():
    """--dry-run: the parts that need no build, on made-up records."""
    checks = [
        ({"value": 6.0, "baseline": 10.0, "target": "ratio >= 0.6"}, True),
        ({"value": 5.9, "baseline": 10.0, "target": "ratio >= 0.6"}, False),
        ({"value": 4.0, "target": "value < 5"}, True),
        ({"value": 5.0, "target": "value < 5"}, False),
        ({"value": 3.0, "baseline": 1.0, "target": "ratio <= 2"}, False),
        ({"value": 3.0, "target": ""}, None),
    ]
    for record, expected in checks:
        got = evaluate(dict(record, name="check"))["met"]
        if got != expected:
            print("bench.py self-check failed: %r gave %r" % (record, got), file=sys.stderr)
            return 1
    try:
        evaluate({"name": "bad", "value": 1.0, "target": "ratio ~ 2"})
        print("bench.py self-check failed: a bad target was accepted", file=sys.stderr)
        return 1
    except ValueError:
        pass
    with tempfile.TemporaryDirectory() as out:
        meta = {"date": "now", "commit": "x", "quick": True, "cores": 2, "load_start": [0, 0, 0],
                "load_end": [0, 0, 0], "seconds": 1.0, "per_benchmark_s": {"a": 1.0}}
        write_report(out, meta, [evaluate(dict(c[0], name="c%d" % i, unit="qps"))
                                 for i, c in enumerate(checks)])
        with open(os.path.join(out, "report.json")) as f:
            if len(json.load(f)["records"]) != len(checks):
                return 1
        with open(os.path.join(out, "report.md")) as f:
            text = f.read()
            if "| c1 |" not in text or "**missed**" not in text:
                return 1
    print("bench.py: dry run ok (targets, report writing)")
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--build-dir", default=os.path.join(ROOT, "build", "release"))
    p.add_argument("--out", default=os.path.join(ROOT, "bench-report"))
    p.add_argument("--tls-dir", default="")
    p.add_argument("--quick", action="store_true")
    p.add_argument("--dry-run", action="store_true")
    p.add_argument("--only", default="", help="comma-separated benchmark names to run")
    p.add_argument("--report-only", nargs="*", default=None,
                   help="merge the report.json files given into --out, running nothing")
    args = p.parse_args()
    if args.dry_run:
        return self_check()
    if args.report_only is not None:
        return merge_reports(args.report_only, args.out)

    os.makedirs(args.out, exist_ok=True)
    logs = os.path.join(args.out, "logs")
    os.makedirs(logs, exist_ok=True)
    args.work = tempfile.mkdtemp(prefix="parcours-bench-")
    pg_url = os.environ.get("PARCOURS_BENCH_POSTGRES_URL", "")
    redis_url = os.environ.get("PARCOURS_TEST_REDIS_URL", "")
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip() or "unknown"
    meta = {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "commit": commit, "quick": args.quick, "cores": os.cpu_count() or 1,
            "load_start": load_average(), "per_benchmark_s": {}}
    only = set(filter(None, args.only.split(",")))
    records = []
    started = time.monotonic()
    try:
        if not only or "start-up" in only:
            print("[bench] start-up and idle memory of each service", flush=True)
            t = time.monotonic()
            records += startup_records(args.build_dir, args.work, redis_url)
            meta["per_benchmark_s"]["start-up"] = time.monotonic() - t
        for name, binary, argv in benchmarks(args, pg_url):
            if only and name not in only:
                continue
            print("[bench] %s" % name, flush=True)
            if not os.access(os.path.join(args.build_dir, binary), os.X_OK):
                records.append({"benchmark": name, "name": name + " FAILED", "value": None,
                                "unit": "", "target": "", "ratio": None, "met": False,
                                "note": binary + " is not built"})
                continue
            log_path = os.path.join(logs, name.replace(" ", "_") + ".log")
            found, elapsed = run_benchmark(name, [os.path.join(args.build_dir, binary)] + argv,
                                           log_path, dict(os.environ))
            records += found
            meta["per_benchmark_s"][name] = elapsed
    finally:
        shutil.rmtree(args.work, ignore_errors=True)
    meta["seconds"] = time.monotonic() - started
    meta["load_end"] = load_average()
    write_report(args.out, meta, records)
    print("[bench] report: %s" % os.path.join(args.out, "report.md"), flush=True)
    failed = [r for r in records if "FAILED" in r["name"]]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
