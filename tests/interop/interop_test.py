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
from parcours.catalogue.v1 import catalogue_pb2, catalogue_pb2_grpc  # noqa: E402
from parcours.common.v1 import common_pb2  # noqa: E402


def start_server(argv, env, name):
    """Starts a Parcours server binary on a free port; returns (process, grpc port) once it
    says it is serving."""
    server = subprocess.Popen(argv, stdout=subprocess.PIPE, env=env, text=True)
    port = None
    deadline = time.time() + 30
    while time.time() < deadline:
        line = server.stdout.readline()
        if not line:
            break
        match = re.search(r'"grpc_port":(\d+)', line)
        if match:
            port = int(match.group(1))
        if '"msg":"serving"' in line:
            break
    if port is None:
        server.kill()
        raise RuntimeError(f"{name} did not start")
    return server, port


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
        cls.server, port = start_server(
            [os.environ["PARCOURS_BIN_RUNTIME_TEST_SERVER"], "--grpc-address=127.0.0.1:0",
             "--metrics-address=", f"--database-url=sqlite://{cls.dir}/interop.db"],
            env, "runtime_test_server")
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


class CatalogueSearchInterop(unittest.TestCase):
    """SearchOffers writes its response by hand from pre-serialized offers
    (services/catalogue/search/encoded_hits.h): a foreign parser must read exactly the
    offers GetOffer returns, the scores and the page tokens."""

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="parcours-interop-catalogue-")
        tokens = [
            {"sha256": hashlib.sha256(b"py-admin").hexdigest(), "subject": "py-admin",
             "roles": ["admin"], "territories": ["*"]},
            {"sha256": hashlib.sha256(b"py-feed").hexdigest(), "subject": "catalogue",
             "roles": ["service:catalogue"], "territories": ["*"]},
        ]
        with open(os.path.join(cls.dir, "tokens.json"), "w") as f:
            json.dump(tokens, f)
        cls.server, port = start_server(
            [os.environ["PARCOURS_BIN_CATALOGUE"], "--grpc-address=127.0.0.1:0",
             "--metrics-address=", f"--database-url=sqlite://{cls.dir}/catalogue.db",
             "--auth-tokens-file=" + os.path.join(cls.dir, "tokens.json"),
             "--service-token=py-feed"],
            dict(os.environ), "catalogue_server")
        cls.channel = grpc.insecure_channel(f"127.0.0.1:{port}")
        cls.stub = catalogue_pb2_grpc.CatalogueStub(cls.channel)

    @classmethod
    def tearDownClass(cls):
        cls.channel.close()
        cls.server.terminate()
        cls.server.wait(timeout=20)

    def call(self, method, request):
        return getattr(self.stub, method)(request, timeout=10,
                                          metadata=[("authorization", "Bearer py-admin")])

    def test_search_hits_are_the_offers(self):
        structure = self.call("CreateStructure", catalogue_pb2.CreateStructureRequest(
            request_id="py-s", structure=catalogue_pb2.Structure(
                name="Atelier Mobilité Évry", kind=catalogue_pb2.STRUCTURE_KIND_ASSOCIATION,
                email="contact@example.org",
                territories=catalogue_pb2.Territories(tads=["TAD-EST"]))))
        published = {}
        for i, title in enumerate(["Permis B accompagné", "Permis solidaire vélo",
                                   "Atelier permis"]):
            offer = catalogue_pb2.Offer(
                structure_id=structure.id, title=title,
                summary="Code et conduite", description="Préparation au permis " + "x" * 400 * i,
                thematiques=["mobilite--preparer-un-permis"], type="formation",
                publics=["beneficiaires-des-minimas-sociaux"],
                territories=catalogue_pb2.Territories(tads=["TAD-EST"]),
                sessions=[catalogue_pb2.Session(places=5, label=f"session {i}",
                                                start_date=common_pb2.Date(year=2030, month=1, day=1),
                                                end_date=common_pb2.Date(year=2030, month=2, day=1))])
            created = self.call("CreateOffer", catalogue_pb2.CreateOfferRequest(
                request_id=f"py-o{i}", offer=offer))
            done = self.call("PublishOffer", catalogue_pb2.ChangeOfferStatusRequest(
                id=created.id, etag=created.etag))
            published[done.id] = done
        request = catalogue_pb2.SearchOffersRequest(query="permis", page_size=2)
        for _ in range(100):  # the index follows the feed
            first = self.call("SearchOffers", request)
            if len(first.hits) == 2 and first.next_page_token:
                break
            time.sleep(0.05)
        second = self.call("SearchOffers", catalogue_pb2.SearchOffersRequest(
            query="permis", page_size=2, page_token=first.next_page_token))
        hits = list(first.hits) + list(second.hits)
        self.assertEqual(sorted(h.offer.id for h in hits), sorted(published))
        self.assertEqual(second.next_page_token, "")
        for hit in hits:
            got = self.call("GetOffer", catalogue_pb2.GetOfferRequest(id=hit.offer.id))
            self.assertEqual(hit.offer, got)
            self.assertGreater(hit.score, 0)
        order = [(-h.score, h.offer.id) for h in hits]  # score descending, then id
        self.assertEqual(order, sorted(order))
        by_id = self.call("SearchOffers", catalogue_pb2.SearchOffersRequest(page_size=10))
        self.assertEqual([h.offer.id for h in by_id.hits], sorted(published))
        self.assertTrue(all(h.score == 0 and h.HasField("offer") for h in by_id.hits))


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=2).result
    failed = len(result.failures) + len(result.errors)
    print(f"{result.testsRun - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
