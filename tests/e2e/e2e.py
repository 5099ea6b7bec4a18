"""What the journeys share: the running suite (suite.json written by suite.py), one
channel and stub per service, calls made as a role, bounded polling, dates.

Only grpcio and the stubs generated from proto/ (PARCOURS_PYTHON_STUBS, built by
tests/interop): the journeys see the suite as any Département system would.
"""
import datetime
import json
import os
import sys
import time
import traceback
import uuid
from zoneinfo import ZoneInfo

sys.path.insert(0, os.environ["PARCOURS_PYTHON_STUBS"])

import grpc  # noqa: E402
from parcours.audit.v1 import audit_pb2 as audit, audit_pb2_grpc as audit_grpc  # noqa: E402,E501
from parcours.catalogue.v1 import catalogue_pb2 as cat, catalogue_pb2_grpc as cat_grpc  # noqa: E402,E501
from parcours.common.v1 import common_pb2 as common  # noqa: E402
from parcours.contracts.v1 import contracts_pb2 as ctr, contracts_pb2_grpc as ctr_grpc  # noqa: E402,E501
from parcours.evaluation.v1 import evaluation_pb2 as ev, evaluation_pb2_grpc as ev_grpc  # noqa: E402,E501
from parcours.fraud.v1 import fraud_pb2 as fr, fraud_pb2_grpc as fr_grpc  # noqa: E402
from parcours.orientation.v1 import orientation_pb2 as ori, orientation_pb2_grpc as ori_grpc  # noqa: E402,E501

__all__ = ["audit", "cat", "common", "ctr", "ev", "fr", "ori", "grpc", "Suite", "Journey", "date",
           "poll", "JourneyFailed"]

CALL_TIMEOUT_S = 10
POLL_TIMEOUT_S = 60  # the feeds are followed within a second or two; this bounds a stuck one


class JourneyFailed(AssertionError):
    pass


def date(d):
    """A datetime.date as a parcours.common.v1.Date."""
    return common.Date(year=d.year, month=d.month, day=d.day)


class As:
    """A stub whose every call carries a role's bearer token and a deadline."""

    def __init__(self, stub, token):
        self._stub, self._token = stub, token

    def __getattr__(self, method):
        rpc = getattr(self._stub, method)

        def call(request, timeout=CALL_TIMEOUT_S, metadata=()):
            md = [("authorization", f"Bearer {self._token}"),
                  ("x-parcours-purpose", "e2e journey")] + list(metadata)
            return rpc(request, timeout=timeout, metadata=md)
        return call


class Suite:
    """The running suite: `suite.orientation("orientation_agent").ImportCafFlow(...)`."""

    STUBS = {"catalogue": cat_grpc.CatalogueStub, "orientation": ori_grpc.OrientationStub,
             "contracts": ctr_grpc.ContractsStub, "fraud": fr_grpc.FraudStub,
             "evaluation": ev_grpc.EvaluationStub}

    def __init__(self, state_dir):
        with open(os.path.join(state_dir, "suite.json")) as f:
            self.state = json.load(f)
        self.driver = self.state["driver"] + (" + Redis" if self.state["redis_url"] else "")
        self.channels = {n: grpc.insecure_channel(s["address"])
                         for n, s in self.state["services"].items()}

    def token(self, role):
        return self.state["tokens"][role]

    def stub(self, service, role):
        return As(self.STUBS[service](self.channels[service]), self.token(role))

    def audit_log(self, service, role):
        """The audit log (parcours.audit.v1.AuditLog) that `service` serves beside its API."""
        return As(audit_grpc.AuditLogStub(self.channels[service]), self.token(role))

    def __getattr__(self, service):
        if service not in self.STUBS:
            raise AttributeError(service)
        return lambda role: self.stub(service, role)

    def close(self):
        for c in self.channels.values():
            c.close()


def poll(what, probe, timeout=POLL_TIMEOUT_S, interval=0.1):
    """Calls probe() until it returns a truthy value, at most `timeout` seconds; the figures
    are then checked by the caller. A probe returns None (or False) to mean "not yet"."""
    deadline = time.time() + timeout
    last = None
    while True:
        try:
            result = probe()
            if result:
                return result
            last = "not yet"
        except grpc.RpcError as e:
            last = f"{e.code().name}: {e.details()}"
        if time.time() >= deadline:
            raise JourneyFailed(f"{what}: still not there after {timeout} s (last: {last})")
        time.sleep(interval)


def feeds_caught_up(suite):
    """Polls evaluation's feed lag until it has applied every event of the four feeds, with
    no consumer halted; returns {feed: last applied sequence}."""
    steering = suite.evaluation("steering")

    def lag():
        feeds = steering.GetFeedLag(ev.GetFeedLagRequest()).feeds
        by_name = {f.feed: f for f in feeds}
        for f in feeds:
            if f.error:
                raise JourneyFailed(f"evaluation's {f.feed} consumer reports: {f.error}")
        if set(by_name) != {"catalogue", "orientation", "contracts", "fraud"}:
            raise JourneyFailed(f"evaluation follows {sorted(by_name)}")
        if all(f.HasField("lag_events") and f.lag_events == 0 for f in feeds):
            return {n: f.last_applied_sequence for n, f in by_name.items()}
        return None
    return poll("evaluation catching up with the four feeds", lag)


def wait_until(instant, what):
    """Waits for a moment the journey scheduled itself (a session or an appointment that
    must have started before its outcome is recorded); bounded by construction."""
    delay = instant - time.time()
    if delay > 30:
        raise JourneyFailed(f"{what} is {delay:.0f} s away: the journey scheduled it wrongly")
    if delay > 0:
        time.sleep(delay)


def rpc_error(call):
    """The error a call ends with, and the fields its google.rpc.BadRequest names (the
    `grpc-status-details-bin` trailer): (code, {field: description})."""
    from google.rpc import error_details_pb2, status_pb2  # generated with our protos
    try:
        call()
    except grpc.RpcError as e:
        fields = {}
        for key, value in e.trailing_metadata() or ():
            if key == "grpc-status-details-bin":
                status = status_pb2.Status.FromString(value)
                for detail in status.details:
                    bad = error_details_pb2.BadRequest()
                    if detail.Unpack(bad):
                        fields.update({v.field: v.description for v in bad.field_violations})
        return e.code(), fields
    return grpc.StatusCode.OK, {}


def rpc_code(call):
    """The status code a call ends with (OK when it succeeds)."""
    try:
        call()
    except grpc.RpcError as e:
        return e.code()
    return grpc.StatusCode.OK


class Journey:
    """Prints each step with its elapsed time, and the total at the end."""

    def __init__(self, name, suite):
        self.name, self.suite = name, suite
        self.began = time.time()
        self.run_id = uuid.uuid4().hex[:10]  # request ids unique across runs
        # The services take legal dates in Europe/Paris: so does the journey.
        self.today = datetime.datetime.now(ZoneInfo("Europe/Paris")).date()
        print(f"== {name} on {suite.driver}", flush=True)

    def step(self, text):
        print(f"  [{time.time() - self.began:6.2f} s] {text}", flush=True)

    def identity(self, *values):
        """Records personal data this journey sends, for suite.py stop to check that no
        log line of any service holds it."""
        with open(os.path.join(self.suite.state["dir"], "identities.txt"), "a") as f:
            for v in values:
                f.write(f"{v}\n")

    def rid(self, *parts):
        return "-".join(["e2e", self.run_id] + [str(p) for p in parts])[:64]

    def check(self, condition, message):
        if not condition:
            raise JourneyFailed(message)

    def equal(self, got, want, what):
        if got != want:
            raise JourneyFailed(f"{what}: got {got!r}, want {want!r}")

    def done(self):
        print(f"== {self.name} on {self.suite.driver}: passed in "
              f"{time.time() - self.began:.1f} s", flush=True)


def run(name, body):
    """Runs a journey body(journey) against the suite in argv[1]; exit status 0 = passed."""
    suite = Suite(sys.argv[1])
    journey = Journey(name, suite)
    try:
        body(journey)
    except (JourneyFailed, grpc.RpcError) as e:
        detail = f"{e.code().name}: {e.details()}" if isinstance(e, grpc.RpcError) else str(e)
        traceback.print_exc()
        print(f"== {name} on {suite.driver}: FAILED after {time.time() - journey.began:.1f} s:"
              f" {detail}", flush=True)
        for svc, s in suite.state["services"].items():
            print(f"   {svc} log: {s['log']}")
        return 1
    finally:
        suite.close()
    journey.done()
    return 0
