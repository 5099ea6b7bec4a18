#!/usr/bin/env python3
"""A foreign client: Python grpcio with stubs generated from our protos by grpc_tools,
calling a real Parcours server over loopback. It shares none of our C++ code, so what
passes here is the API as any department system sees it: health, authentication by
bearer token, the canonical error codes, the event feed.

The journeys across the five running services are foreign clients of the same kind: see
tests/e2e (journey_enrolment.py is journey 1 in Python against the real suite)."""
import json
import os
import hashlib
import re
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.environ["PARCOURS_PYTHON_STUBS"])

import grpc  # noqa: E402
import health_pb2  # noqa: E402
import health_pb2_grpc  # noqa: E402
from parcours.echo.v1 import echo_pb2, echo_pb2_grpc  # noqa: E402
from parcours.events.v1 import events_pb2, events_pb2_grpc  # noqa: E402
from parcours.audit.v1 import audit_pb2, audit_pb2_grpc  # noqa: E402


class RuntimeServerInterop(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="parcours-interop-")
        tokens = [
            {"sha256": hashlib.sha256(b"py-admin").hexdigest(), "subject": "py-admin",
             "roles": ["admin"], "territories": ["*"]},
            {"sha256": hashlib.sha256(b"py-eval").hexdigest(), "subject": "py-eval",
             "roles": ["service:evaluation"], "territories": ["*"]},
        ]
        with open(os.path.join(cls.dir, "tokens.json"), "w") as f:
            json.dump(tokens, f)
        env = dict(os.environ, AUTH_TOKENS_FILE=os.path.join(cls.dir, "tokens.json"))
        cls.server = subprocess.Popen(
            [os.environ["PARCOURS_BIN_RUNTIME_TEST_SERVER"], "--grpc-address=127.0.0.1:0",
             "--metrics-address=", f"--database-url=sqlite://{cls.dir}/interop.db"],
            stdout=subprocess.PIPE, env=env, text=True)
        port = None
        deadline = time.time() + 30
        while time.time() < deadline:
            line = cls.server.stdout.readline()
            if not line:
                break
            match = re.search(r'"grpc_port":(\d+)', line)
            if match:
                port = int(match.group(1))
            if '"msg":"serving"' in line:
                break
        if port is None:
            cls.server.kill()
            raise RuntimeError("runtime_test_server did not start")
        cls.channel = grpc.insecure_channel(f"127.0.0.1:{port}")

    @classmethod
    def tearDownClass(cls):
        cls.channel.close()
        cls.server.terminate()
        cls.server.wait(timeout=20)

    def test_health_is_serving(self):
        stub = health_pb2_grpc.HealthStub(self.channel)
        resp = stub.Check(health_pb2.HealthCheckRequest(service=""), timeout=5)
        self.assertEqual(resp.status, health_pb2.HealthCheckResponse.SERVING)

    def test_calls_need_a_known_token_and_a_role(self):
        stub = echo_pb2_grpc.EchoStub(self.channel)
        resp = stub.Echo(echo_pb2.EchoRequest(payload=b"bonjour"), timeout=5,
                         metadata=[("authorization", "Bearer py-admin")])
        self.assertEqual(resp.payload, b"bonjour")
        for token, code in [(None, grpc.StatusCode.UNAUTHENTICATED),
                            ("Bearer nope", grpc.StatusCode.UNAUTHENTICATED),
                            ("Bearer py-eval", grpc.StatusCode.PERMISSION_DENIED)]:
            with self.assertRaises(grpc.RpcError) as err:
                metadata = [("authorization", token)] if token else []
                stub.Echo(echo_pb2.EchoRequest(payload=b"x"), timeout=5, metadata=metadata)
            self.assertEqual(err.exception.code(), code)

    def test_event_feed_and_audit_log(self):
        feed = events_pb2_grpc.EventFeedStub(self.channel)
        head = feed.GetFeedHead(events_pb2.GetFeedHeadRequest(), timeout=5,
                                metadata=[("authorization", "Bearer py-eval")])
        self.assertEqual(head.source, "runtimetest")
        events = list(feed.StreamEvents(events_pb2.StreamEventsRequest(after_sequence=0),
                                        timeout=5,
                                        metadata=[("authorization", "Bearer py-eval")]))
        self.assertEqual(events, [])
        audit = audit_pb2_grpc.AuditLogStub(self.channel)
        with self.assertRaises(grpc.RpcError) as err:
            audit.ListAuditRecords(audit_pb2.ListAuditRecordsRequest(), timeout=5,
                                   metadata=[("authorization", "Bearer py-admin")])
        self.assertEqual(err.exception.code(), grpc.StatusCode.PERMISSION_DENIED)


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=2).result
    failed = len(result.failures) + len(result.errors)
    print(f"{result.testsRun - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
