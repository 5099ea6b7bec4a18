#!/usr/bin/env python3
"""Journey 2, repeated no-shows to a decision, through the gRPC APIs only.

An entrant of the CAF flow is convened, does not come, is convened again and does not
come again: orientation publishes `orientation.beneficiary.repeated_no_show` on its feed
(threshold 2, its default); contracts, which follows that feed, opens a sanction
procedure by itself (detected, by "service:contracts") — and goes no further: a person
notifies, records the observations, refers to the équipe pluridisciplinaire and decides;
a service may not decide.

Usage: journey_no_show.py SUITE_STATE_DIR
"""
import sys
import time

from google.protobuf import timestamp_pb2

import e2e
from e2e import ctr, ori

TAD, MDS, COMMUNE = "TAD-CENTRE", "MDS-ARPAJON", "91021"
SESSION_LEAD_S = 3


def timestamp(t):
    ts = timestamp_pb2.Timestamp()
    ts.FromSeconds(int(t))
    return ts


def body(j):
    s = j.suite
    agent = s.orientation("orientation_agent")
    contracts_agent = s.contracts("orientation_agent")
    caf = f"{int(j.run_id[:6], 16) % 9000000 + 1000000:07d}"

    j.identity(caf, f"Absent{j.run_id}")
    summary = agent.ImportCafFlow(iter([ori.CafRecord(
        kind=ori.CAF_ENTRANT, caf_number=caf, event_date=e2e.date(j.today),
        last_name=f"Absent{j.run_id}", first_name="Dominique",
        birth_date=e2e.common.Date(year=1979, month=11, day=20), commune_insee=COMMUNE,
        subject_to_rights_and_duties=True)]))
    j.equal(summary.applied, 1, "CAF entrant applied")
    listed = agent.ListBeneficiaries(ori.ListBeneficiariesRequest(
        tad=TAD, commune_insee=COMMUNE, page_size=500)).beneficiaries
    matches = [b for b in listed if b.identity.caf_number == caf]
    j.equal(len(matches), 1, "the entrant in the registry")
    ben = matches[0]
    j.step(f"entrant {ben.id} imported in {TAD}")

    for n in (1, 2):
        starts = time.time() + SESSION_LEAD_S
        session = agent.CreateInformationSession(ori.CreateInformationSessionRequest(
            request_id=j.rid("session", n), session=ori.InformationSession(
                mds=MDS, starts_at=timestamp(starts), capacity=10, location="MDS d'Arpajon")))
        convened = agent.ConveneEntrants(ori.ConveneEntrantsRequest(tad=TAD, max_count=100))
        mine = [c for c in convened.convocations
                if c.beneficiary_id == ben.id and c.session_id == session.id]
        j.equal(len(mine), 1, f"convocation {n}")
        e2e.wait_until(starts + 1, f"information session {n}")
        agent.RecordAttendance(ori.RecordAttendanceRequest(
            convocation_id=mine[0].id, attendance=ori.NO_SHOW, etag=mine[0].etag))
        b = agent.GetBeneficiary(ori.GetBeneficiaryRequest(id=ben.id))
        j.equal(b.no_show_count, n, f"no-shows after convocation {n}")
        j.equal(b.follow_up, ori.CONVOCATION_NO_SHOW, "follow-up status")
        j.step(f"convened to {session.id}: no-show {n}")

    def opened():
        ps = contracts_agent.ListProcedures(ctr.ListProceduresRequest(beneficiary_id=ben.id))
        return ps.procedures or None
    procedures = e2e.poll("the procedure contracts opens from orientation's feed", opened)
    j.equal(len(procedures), 1, "procedures opened (one per repeated no-show event)")
    p = procedures[0]
    j.equal(p.status, ctr.OPENED, "procedure status")
    j.equal(p.breach.kind, ctr.MISSED_APPOINTMENTS, "breach")
    j.check(p.breach.detected and p.breach.source_event_id, f"opened by automation: {p.breach}")
    j.equal(p.tad, TAD, "procedure territory (from the event)")
    j.equal([st.by for st in p.steps], ["service:contracts"], "who opened it")
    j.step(f"contracts opened procedure {p.id} from event {p.breach.source_event_id}")

    # Automation opens; only a person decides.
    decision = ctr.Decision(kind=ctr.REDUCTION, percent=30, months=2,
                            ep_opinion="avis favorable à une réduction de 30 % pendant 2 mois",
                            motivation="deux absences sans motif aux convocations")
    code = e2e.rpc_code(lambda: s.contracts("service:contracts").DecideProcedure(
        ctr.DecideProcedureRequest(id=p.id, etag=p.etag, decision=decision)))
    j.equal(code, e2e.grpc.StatusCode.PERMISSION_DENIED, "a service deciding a sanction")

    p = contracts_agent.NotifyProcedure(ctr.ProcedureStepRequest(
        id=p.id, etag=p.etag, note="courrier de mise en demeure envoyé"))
    j.equal(p.status, ctr.NOTIFIED, "after notification")
    j.check(p.HasField("response_due_date"), "a response deadline is set")
    p = contracts_agent.RecordObservations(ctr.ProcedureStepRequest(
        id=p.id, etag=p.etag, note="pas de réponse motivée"))
    p = contracts_agent.ReferProcedure(ctr.ProcedureStepRequest(
        id=p.id, etag=p.etag, note="saisine de l'équipe pluridisciplinaire"))
    j.equal(p.status, ctr.HEARING, "after referral")
    p = contracts_agent.DecideProcedure(ctr.DecideProcedureRequest(
        id=p.id, etag=p.etag, decision=decision))
    j.equal(p.status, ctr.DECIDED, "after the decision")
    j.equal((p.decision.kind, p.decision.percent, p.decision.months), (ctr.REDUCTION, 30, 2),
            "the decision recorded")
    j.equal(p.steps[-1].by, "orientation_agent", "who decided")
    got = contracts_agent.GetProcedure(ctr.GetProcedureRequest(id=p.id))
    j.equal((got.status, got.etag), (ctr.DECIDED, p.etag), "the decision, read back")
    j.step("notified, observations, referred, decided by a person (REDUCTION 30 % × 2 months)")

    # The DPO sees who read and wrote this person's records, and why.
    def audited(service, record_id):
        return {(r.subject, r.method.rsplit("/", 1)[1], r.action, r.purpose)
                for r in s.audit_log(service, "dpo").ListAuditRecords(
                    e2e.audit.ListAuditRecordsRequest(record_id=record_id, page_size=1000)).records}
    purpose = "e2e journey"
    j.check(("orientation_agent", "GetBeneficiary", "read", purpose) in audited("orientation", ben.id),
            "orientation audits the agent's reads of the beneficiary")
    writes = {m for (who, m, action, why) in audited("contracts", p.id)
              if who == "orientation_agent" and action == "write" and why == purpose}
    j.equal(writes, {"NotifyProcedure", "RecordObservations", "ReferProcedure", "DecideProcedure"},
            "contracts audits every step a person took on the procedure")
    j.step("the DPO's audit logs (orientation, contracts) name who did each step, and why")

if __name__ == "__main__":
    sys.exit(e2e.run("journey 2: repeated no-shows to a decision", body))
