#!/usr/bin/env python3
"""Starts and stops the five real Parcours servers for the end-to-end journeys.

    suite.py start STATE_DIR --driver sqlite|postgresql
    suite.py stop STATE_DIR

`start` runs build/<kind>/services/<name>/<name>_server for catalogue, orientation,
contracts, fraud and evaluation on 127.0.0.1 with port 0 (never the default ports: other
suites run beside this one), in dependency order so that each server is given the real
addresses of the peers it calls (<PEER>_ADDR). Identities are static tokens: one random
bearer token per person role and per service, their SHA-256 digests in AUTH_TOKENS_FILE,
each service's own as SERVICE_TOKEN (catalogue's as FEED_TOKEN). With `sqlite` the data
are SQLite files in STATE_DIR; with `postgresql` each service gets its own database on the
test server that tests/servers/start.sh started (PARCOURS_TEST_POSTGRES_URL), and the
cache is on, on its Redis (PARCOURS_TEST_REDIS_URL). It returns once every server reports
SERVING, leaving them running (own process group), and writes STATE_DIR/suite.json:
addresses and tokens for the journeys (tests/e2e/e2e.py reads it).

`stop` sends SIGTERM to every server, waits for it to exit (SIGKILL after 20 s), drops the
PostgreSQL databases, and fails if a server did not stop cleanly, a sanitizer reported
anything in its log, or a log line holds identity the journeys sent (they list it in
STATE_DIR/identities.txt). CTest runs it as the fixtures' cleanup, so it runs even when a
journey failed. `start` first stops whatever an earlier, interrupted run left behind.
"""
import argparse
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time

SERVICES = ["catalogue", "orientation", "contracts", "fraud", "evaluation"]  # start order
# The peers each service calls (its <PEER>_ADDR settings).
PEERS = {
    "catalogue": [],
    "orientation": [],
    "contracts": ["orientation", "catalogue"],
    "fraud": ["contracts"],
    "evaluation": ["catalogue", "orientation", "contracts", "fraud"],
}
# Person roles (subject = role name) and the service identities.
PERSONS = ["admin", "orientation_agent", "referent", "operator", "controller", "steering", "dpo"]
START_TIMEOUT_S = 90
STOP_TIMEOUT_S = 20
SANITIZER_REPORT = re.compile(
    r"ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:|WARNING: ThreadSanitizer")


def log(msg):
    print(f"[suite] {msg}", flush=True)


def write_tokens(state_dir):
    tokens, entries = {}, []
    for role in PERSONS:
        tokens[role] = secrets.token_hex(24)
        entries.append({"subject": role, "roles": [role], "territories": ["*"],
                        "sha256": hashlib.sha256(tokens[role].encode()).hexdigest()})
    for name in SERVICES:
        key = f"service:{name}"
        tokens[key] = secrets.token_hex(24)
        entries.append({"subject": f"svc-{name}", "roles": [key], "territories": ["*"],
                        "sha256": hashlib.sha256(tokens[key].encode()).hexdigest()})
    path = os.path.join(state_dir, "tokens.json")
    with open(path, "w") as f:
        json.dump(entries, f)
    return tokens, path


def psql(url, sql):
    subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-qc", sql], check=True,
                   stdout=subprocess.DEVNULL)


def database_urls(driver, state_dir, tag):
    if driver == "sqlite":
        return {n: f"sqlite://{state_dir}/{n}.db" for n in SERVICES}, []
    base = os.environ.get("PARCOURS_TEST_POSTGRES_URL")
    if not base:
        sys.exit("PARCOURS_TEST_POSTGRES_URL is not set: run through scripts/test "
                 "(tests/servers/start.sh exports it)")
    urls, names = {}, []
    for n in SERVICES:
        db = f"e2e_{tag}_{n}"
        psql(base, f"DROP DATABASE IF EXISTS {db}")
        psql(base, f"CREATE DATABASE {db}")
        urls[n] = base.rsplit("/", 1)[0] + "/" + db
        names.append(db)
    return urls, names


def wait_serving(name, proc, log_path, deadline):
    """Returns the gRPC port once the server logged "serving"; raises if it exits first."""
    port, serving = None, False
    while time.time() < deadline:
        with open(log_path, errors="replace") as f:
            text = f.read()
        for line in text.splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if entry.get("msg") == "listening" and "grpc_port" in entry:
                port = int(entry["grpc_port"])
            serving = serving or entry.get("msg") == "serving"
        if port and serving:
            return port
        if proc.poll() is not None:
            raise RuntimeError(f"{name}_server exited with {proc.returncode} before serving; "
                               f"last lines of {log_path}:\n{text[-3000:]}")
        time.sleep(0.05)
    raise RuntimeError(f"{name}_server not serving after {START_TIMEOUT_S} s; see {log_path}")


def start(args):
    state_dir = os.path.abspath(args.state_dir)
    if os.path.exists(os.path.join(state_dir, "suite.json")):
        log("an earlier run left a suite: stopping it first")
        stop(argparse.Namespace(state_dir=state_dir), strict=False)
    shutil.rmtree(state_dir, ignore_errors=True)
    os.makedirs(state_dir, mode=0o700)
    build_dir = os.environ.get("PARCOURS_BUILD_DIR") or sys.exit("PARCOURS_BUILD_DIR is not set")
    tag = re.sub(r"[^a-z0-9]", "", f"{args.driver[:2]}{os.getpid()}")
    tokens, tokens_file = write_tokens(state_dir)
    urls, databases = database_urls(args.driver, state_dir, tag)
    redis = os.environ.get("PARCOURS_TEST_REDIS_URL", "") if args.driver == "postgresql" else ""
    if args.driver == "postgresql" and not redis:
        sys.exit("PARCOURS_TEST_REDIS_URL is not set: run through scripts/test")
    state = {"driver": args.driver, "dir": state_dir, "tokens": tokens, "databases": databases,
             "postgres_url": os.environ.get("PARCOURS_TEST_POSTGRES_URL", ""),
             "redis_url": redis, "services": {}}
    began = time.time()
    try:
        for name in SERVICES:
            env = dict(os.environ)
            env.update({
                "GRPC_ADDRESS": "127.0.0.1:0",
                "METRICS_ADDRESS": "",  # civetweb takes 2 s to stop; the journeys read gRPC
                "DATABASE_URL": urls[name],
                "DATABASE_POOL_SIZE": "4",
                "REDIS_URL": redis,
                "AUTH_TOKENS_FILE": tokens_file,
                "SERVICE_TOKEN": tokens[f"service:{name}"],
                "FEED_TOKEN": tokens[f"service:{name}"],
                "PARCOURS_DATA_DIR": state_dir,
                "LOG_LEVEL": "info",
            })
            for peer in PEERS[name]:
                env[f"{peer.upper()}_ADDR"] = state["services"][peer]["address"]
            log_path = os.path.join(state_dir, f"{name}.log")
            binary = os.path.join(build_dir, "services", name, f"{name}_server")
            with open(log_path, "w") as out:
                proc = subprocess.Popen([binary], stdout=out, stderr=subprocess.STDOUT, env=env,
                                        start_new_session=True, cwd=state_dir)
            state["services"][name] = {"pid": proc.pid, "log": log_path}
            port = wait_serving(name, proc, log_path, time.time() + START_TIMEOUT_S)
            state["services"][name]["address"] = f"127.0.0.1:{port}"
            log(f"{name:<12} serving on 127.0.0.1:{port} (pid {proc.pid})")
    finally:
        with open(os.path.join(state_dir, "suite.json"), "w") as f:
            json.dump(state, f, indent=1)
    log(f"five servers serving on {args.driver}{' with Redis' if redis else ''} "
        f"in {time.time() - began:.1f} s")


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (our own child) counts as gone.
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ", 1)[1][0] != "Z"
    except OSError:
        return False


def stop(args, strict=True):
    path = os.path.join(os.path.abspath(args.state_dir), "suite.json")
    if not os.path.exists(path):
        log("no suite to stop")
        return 0
    with open(path) as f:
        state = json.load(f)
    problems = []
    running = {n: s for n, s in state["services"].items() if alive(s["pid"])}
    for name in reversed(SERVICES):  # callers first, so no one calls a stopped peer
        if name in running:
            os.kill(running[name]["pid"], signal.SIGTERM)
    deadline = time.time() + STOP_TIMEOUT_S
    for name, s in running.items():
        while alive(s["pid"]) and time.time() < deadline:
            time.sleep(0.05)
        if alive(s["pid"]):
            os.killpg(s["pid"], signal.SIGKILL)
            problems.append(f"{name} did not stop within {STOP_TIMEOUT_S} s of SIGTERM: killed")
    # Identity the journeys sent (names, CAF numbers) must never reach a log line.
    identities = []
    try:
        with open(os.path.join(state["dir"], "identities.txt")) as f:
            identities = [line.strip() for line in f if line.strip()]
    except OSError:
        pass
    for name, s in state["services"].items():
        try:
            with open(s["log"], errors="replace") as f:
                text = f.read()
        except OSError:
            continue
        if SANITIZER_REPORT.search(text):
            problems.append(f"{name}: sanitizer report in {s['log']}")
        if name in running and '"msg":"stopped"' not in text:
            problems.append(f"{name}: no clean stop after SIGTERM in {s['log']}")
        leaked = sorted({i for i in identities
                         if re.search(rf"(?<![0-9A-Za-z]){re.escape(i)}(?![0-9A-Za-z])", text)})
        if leaked:
            problems.append(f"{name}: {len(leaked)} identity value(s) in its log {s['log']}")
    for db in state.get("databases", []):
        try:
            psql(state["postgres_url"], f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
        except (subprocess.CalledProcessError, OSError) as e:
            problems.append(f"could not drop database {db}: {e}")
    os.rename(path, path + ".stopped")
    log(f"stopped {len(running)} server(s)")
    for p in problems:
        log(f"PROBLEM: {p}")
    return 1 if problems and strict else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("start")
    p.add_argument("state_dir")
    p.add_argument("--driver", choices=["sqlite", "postgresql"], required=True)
    p = sub.add_parser("stop")
    p.add_argument("state_dir")
    args = parser.parse_args()
    if args.command == "start":
        try:
            start(args)
        except Exception as e:  # noqa: BLE001: report, stop what started, fail
            log(f"start failed: {e}")
            stop(args, strict=False)
            return 1
        return 0
    return stop(args)


if __name__ == "__main__":
    sys.exit(main())
