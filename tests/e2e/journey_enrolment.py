#!/usr/bin/env python3
"""Journey 1, from the RSA entry to the return to work, through the five services' gRPC
APIs only (grpcio and stubs generated from our protos: the foreign client).

A cohort of COHORT entrants of one territory arrives in a CAF flow (orientation's
client-streaming import) → convened to an information session → attends → diagnostic,
orientation suggested by the rules and decided by an agent → appointment booked with the
référent and held → contract drafted, submitted, signed by both parties, active (for
WITH_CONTRACT of them) → an offer prescribed in the catalogue, accepted, started,
completed with a job (for EMPLOYED of them) → exit from the CAF flow (income above the
threshold) → evaluation, following the four feeds, shows the cohort, the
contractualisation rate and the positive exits.

Why a cohort and not one person: evaluation publishes no figure built on fewer than
SECRECY_K (5) people, and the suite runs with its production setting. The counts are
chosen so every figure checked is at least 5 and no rate is a trivial 0 or 1 by accident:
12 entrants, 10 contracts, 5 return to work; at the end of the year 7 remain, 5 of them
with a contract in force.

Usage: journey_enrolment.py SUITE_STATE_DIR   (the suite that tests/e2e/suite.py started)
"""
import datetime
import sys
import time

from google.protobuf import field_mask_pb2, timestamp_pb2

import e2e
from e2e import cat, ctr, ev, ori

TAD, MDS, COMMUNE = "TAD-EST", "MDS-EVRY", "91228"  # agreed by orientation's and catalogue's maps
COHORT, WITH_CONTRACT, EMPLOYED = 12, 10, 5
SESSION_LEAD_S = 3  # sessions and slots must be in the future when created


def timestamp(t):
    ts = timestamp_pb2.Timestamp()
    ts.FromNanoseconds(int(t * 1e9))
    return ts


def caf_number(j, i):
    # 7 digits, distinct per run and person (the CAF flow's natural key).
    return f"{(int(j.run_id[:6], 16) % 90000 + 10000):05d}{i:02d}"


def body(j):
    s = j.suite
    agent = s.orientation("orientation_agent")
    admin_ctr = s.contracts("admin")
    admin_cat = s.catalogue("admin")
    steering = s.evaluation("steering")
    today = j.today
    cafs = [caf_number(j, i) for i in range(COHORT)]

    # -- 1. The CAF flow: entrants, streamed to orientation.
    records = [ori.CafRecord(kind=ori.CAF_ENTRANT, caf_number=c, event_date=e2e.date(today),
                             last_name=f"Lemoine{j.run_id}{i}", first_name="Camille",
                             birth_date=e2e.common.Date(year=1988, month=3, day=1 + i),
                             commune_insee=COMMUNE, address_line=f"{i} rue de la Gare",
                             subject_to_rights_and_duties=True)
               for i, c in enumerate(cafs)]
    j.identity(*cafs, *[r.last_name for r in records])
    summary = agent.ImportCafFlow(iter(records))
    j.equal((summary.received, summary.applied, summary.rejected), (COHORT, COHORT, 0),
            "CAF import (received, applied, rejected)")
    again = agent.ImportCafFlow(iter(records))
    j.equal((again.applied, again.unchanged), (0, COHORT), "CAF flow replayed")
    by_caf = {}
    page = ""
    while True:
        resp = agent.ListBeneficiaries(ori.ListBeneficiariesRequest(
            tad=TAD, commune_insee=COMMUNE, page_size=500, page_token=page))
        for b in resp.beneficiaries:
            if b.identity.caf_number in cafs:
                by_caf[b.identity.caf_number] = b
        page = resp.next_page_token
        if not page:
            break
    j.equal(len(by_caf), COHORT, "entrants found in the registry")
    people = [by_caf[c] for c in cafs]
    for b in people:
        j.equal(b.status, ori.TO_CONVENE, f"{b.id} status after entry")
        j.equal(b.territory.tad, TAD, f"{b.id} territory")
    j.step(f"CAF flow imported: {COHORT} entrants TO_CONVENE in {TAD} (replay unchanged)")

    # -- 2. Convened to an information session, attended.
    starts = time.time() + SESSION_LEAD_S
    session = agent.CreateInformationSession(ori.CreateInformationSessionRequest(
        request_id=j.rid("session"), session=ori.InformationSession(
            mds=MDS, starts_at=timestamp(starts), capacity=COHORT + 3,
            location="MDS d'Évry, salle 2")))
    convened = agent.ConveneEntrants(ori.ConveneEntrantsRequest(tad=TAD, max_count=COHORT))
    ours = {c.beneficiary_id: c for c in convened.convocations if c.session_id == session.id}
    j.equal(set(ours), {b.id for b in people}, "beneficiaries convened to our session")
    e2e.wait_until(starts + 1, "the information session")
    for b in people:
        c = agent.RecordAttendance(ori.RecordAttendanceRequest(
            convocation_id=ours[b.id].id, attendance=ori.ATTENDED, etag=ours[b.id].etag))
        j.equal(c.attendance, ori.ATTENDED, "attendance")
    j.step(f"convened to session {session.id} and attended")

    # -- 3. Diagnostic, suggestion, decision with a référent of the suggested type.
    referents = {}
    for t in (ori.PROFESSIONAL, ori.SOCIO_PROFESSIONAL, ori.SOCIAL):
        referents[t] = agent.CreateReferent(ori.CreateReferentRequest(
            request_id=j.rid("referent", t), referent=ori.Referent(
                display_name=f"Référent {ori.OrientationType.Name(t).lower()}",
                structure_id="str_mds_evry", orientation_type=t, mds=MDS,
                target_caseload=60)))
    decided = []
    for i, b in enumerate(people):
        b = agent.GetBeneficiary(ori.GetBeneficiaryRequest(id=b.id))
        diag = ori.Diagnostic(barriers=[ori.MOBILITY], qualification_level=ori.QUALIFICATION_LEVEL_3,
                              last_employment_end=e2e.date(today - datetime.timedelta(days=400)),
                              france_travail_registered=bool(i % 2))
        b = agent.UpdateBeneficiary(ori.UpdateBeneficiaryRequest(
            beneficiary=ori.Beneficiary(id=b.id, etag=b.etag, diagnostic=diag),
            update_mask=field_mask_pb2.FieldMask(paths=["diagnostic"])))
        suggestion = agent.SuggestOrientation(ori.SuggestOrientationRequest(beneficiary_id=b.id))
        j.check(suggestion.type != ori.ORIENTATION_TYPE_UNSPECIFIED and suggestion.rules_version,
                f"suggestion for {b.id} names a type and its rules version: {suggestion}")
        d = agent.DecideOrientation(ori.DecideOrientationRequest(
            request_id=j.rid("decide", i), beneficiary_id=b.id, beneficiary_etag=b.etag,
            type=suggestion.type, referent_id=referents[suggestion.type].id))
        j.check(not d.overrides_suggestion, "the decision follows the suggestion")
        decided.append(d)
    j.step("diagnostic recorded, orientation suggested and decided: types "
           + ", ".join(sorted({ori.OrientationType.Name(d.type) for d in decided})))

    # -- 4. First appointment with the référent, held.
    slot_start = time.time() + SESSION_LEAD_S
    appointments = []
    for i, (b, d) in enumerate(zip(people, decided)):
        slots = agent.PublishSlots(ori.PublishSlotsRequest(
            referent_id=d.referent_id,
            # One slot each, a millisecond apart: a référent's slot is keyed by its start.
            slots=[ori.Slot(starts_at=timestamp(slot_start + i / 1000), duration_minutes=30)]))
        appointments.append(agent.BookAppointment(ori.BookAppointmentRequest(
            request_id=j.rid("book", i), slot_id=slots.slots[0].id, beneficiary_id=b.id)))
    e2e.wait_until(slot_start + 1, "the appointments")
    for a in appointments:
        held = agent.RecordAppointmentOutcome(ori.RecordAppointmentOutcomeRequest(
            appointment_id=a.id, etag=a.etag, outcome=ori.HELD))
        j.equal(held.status, ori.HELD, "appointment outcome")
    for b in people:
        j.equal(agent.GetBeneficiary(ori.GetBeneficiaryRequest(id=b.id)).status,
                ori.ACCOMPANIED, f"{b.id} after the first appointment")
    j.step("appointments booked and held: every entrant ACCOMPANIED")

    # -- 5. Contracts: drafted, submitted, signed by both parties, active. Contracts asks
    #       orientation (its real gRPC API) who the beneficiary's référent is.
    contracts = []
    for i, b in enumerate(people[:WITH_CONTRACT]):
        c = admin_ctr.CreateContract(ctr.CreateContractRequest(
            request_id=j.rid("contract", i), contract=ctr.Contract(
                beneficiary_id=b.id, kind=ctr.CONTRAT_ENGAGEMENT,
                start_date=e2e.date(today), end_date=e2e.date(today + datetime.timedelta(days=180)),
                weekly_hours=15, insertion_project="permis B puis emploi dans la logistique",
                objectives=[ctr.Objective(id="mobilite", title="Obtenir le permis B",
                                          theme="mobilite", status=ctr.OBJECTIVE_IN_PROGRESS)],
                actions=[ctr.Action(objective_id="mobilite", title="Formation au code",
                                    status=ctr.ACTION_PLANNED)])))
        j.equal(c.status, ctr.DRAFT, "new contract")
        j.equal(c.referent_id, decided[i].referent_id, "contract's référent (from orientation)")
        c = admin_ctr.SubmitContract(ctr.ContractTransitionRequest(id=c.id, etag=c.etag))
        c = admin_ctr.SignContract(ctr.SignContractRequest(id=c.id, etag=c.etag,
                                                           party=ctr.BENEFICIARY))
        j.equal(c.status, ctr.PENDING_SIGNATURE, "contract signed by one party")
        c = admin_ctr.SignContract(ctr.SignContractRequest(id=c.id, etag=c.etag,
                                                           party=ctr.REFERENT))
        j.equal(c.status, ctr.ACTIVE, "contract signed by both parties")
        contracts.append(c)
    j.step(f"{WITH_CONTRACT} contracts drafted, signed by both parties, ACTIVE")

    # -- 6. An offer of the catalogue, prescribed, accepted, started, completed with a job.
    structure = admin_cat.CreateStructure(cat.CreateStructureRequest(
        request_id=j.rid("structure"), structure=cat.Structure(
            name=f"Atelier Mobilité Évry {j.run_id}", kind=cat.STRUCTURE_KIND_ASSOCIATION,
            address=cat.Address(street="3 rue de la Gare", postal_code="91000",
                                commune_insee=COMMUNE),
            email="contact@example.org", territories=cat.Territories(tads=[TAD]))))
    offer = admin_cat.CreateOffer(cat.CreateOfferRequest(
        request_id=j.rid("offer"), offer=cat.Offer(
            structure_id=structure.id, title=f"Permis B et emploi {j.run_id}",
            summary="Code, conduite et mise en relation avec des employeurs",
            description="Préparation au permis de conduire et accès à l'emploi.",
            thematiques=["mobilite--preparer-un-permis"], type="formation",
            publics=["beneficiaires-des-minimas-sociaux"], format=cat.OFFER_FORMAT_COLLECTIVE,
            modes_accueil=["en-presentiel"], territories=cat.Territories(tads=[TAD]),
            capacity=20, budget_cents=2_000_000, pdi_fiche="3-7",
            funding=[cat.Funding(source=cat.FUNDING_SOURCE_FSE, amount_cents=1_000_000)])))
    offer = admin_cat.PublishOffer(cat.ChangeOfferStatusRequest(id=offer.id, etag=offer.etag))
    # Read through the cache (Redis in the PostgreSQL run) before the places change.
    j.equal(admin_cat.GetOffer(cat.GetOfferRequest(id=offer.id)).places_taken, 0, "free places")
    prescriptions = []
    for i, (b, c) in enumerate(zip(people[:EMPLOYED], contracts)):
        p = admin_cat.CreatePrescription(cat.CreatePrescriptionRequest(
            request_id=j.rid("prescription", i), prescription=cat.Prescription(
                beneficiary_id=b.id, offer_id=offer.id, contract_id=c.id,
                territory=e2e.common.Territory(tad=TAD, mds=MDS, commune_insee=COMMUNE))))
        p = admin_cat.AcceptPrescription(cat.AcceptPrescriptionRequest(id=p.id, etag=p.etag))
        p = admin_cat.StartPrescription(cat.StartPrescriptionRequest(id=p.id, etag=p.etag))
        p = admin_cat.CompletePrescription(cat.EndPrescriptionRequest(
            id=p.id, etag=p.etag, outcome=cat.EXIT_OUTCOME_EMPLOYMENT_CDI))
        j.equal((p.status, p.positive_exit), (cat.PRESCRIPTION_STATUS_COMPLETED, True),
                "prescription completed with a job")
        prescriptions.append(p)
    j.equal(admin_cat.GetOffer(cat.GetOfferRequest(id=offer.id)).places_taken, EMPLOYED,
            "places taken, read again (a stale cache entry would say 0)")
    j.step(f"offer {offer.id} prescribed to {EMPLOYED}, accepted, started, completed (CDI)")
    # Contracts checks a contract's actions against the catalogue (over gRPC): someone
    # else's prescription is refused, naming the field, and nothing is written.
    outsider = people[-1]
    code, fields = e2e.rpc_error(lambda: admin_ctr.CreateContract(ctr.CreateContractRequest(
        request_id=j.rid("contract-wrong-prescription"), contract=ctr.Contract(
            beneficiary_id=outsider.id, kind=ctr.CONTRAT_ENGAGEMENT, start_date=e2e.date(today),
            end_date=e2e.date(today + datetime.timedelta(days=180)), weekly_hours=15,
            insertion_project="permis B",
            objectives=[ctr.Objective(id="mobilite", title="Permis", theme="mobilite",
                                      status=ctr.OBJECTIVE_IN_PROGRESS)],
            actions=[ctr.Action(objective_id="mobilite", title="Formation",
                                prescription_id=prescriptions[0].id,
                                status=ctr.ACTION_PLANNED)]))))
    j.equal(code, e2e.grpc.StatusCode.INVALID_ARGUMENT, "a contract naming another's prescription")
    j.check("contract.actions[0].prescription_id" in fields, f"the field is named: {fields}")
    j.equal(len(admin_ctr.ListContracts(ctr.ListContractsRequest(
        beneficiary_id=outsider.id)).contracts), 0, "nothing written for the refused contract")
    j.step("contracts refused a contract naming another beneficiary's prescription "
           "(checked with the catalogue), naming the field")

    # -- 7. They leave the RSA: the CAF flow says so.
    # The reason a return to work is given in the flow: RETURN_TO_EMPLOYMENT where the
    # registry has it (branch catorient), else income above the threshold.
    reason = getattr(ori, "RETURN_TO_EMPLOYMENT", ori.INCOME_ABOVE_THRESHOLD)
    exits = [ori.CafRecord(kind=ori.CAF_EXIT, caf_number=c, event_date=e2e.date(today),
                           exit_reason=reason) for c in cafs[:EMPLOYED]]
    summary = agent.ImportCafFlow(iter(exits))
    j.equal((summary.applied, summary.rejected), (EMPLOYED, 0), "CAF exits applied")
    for b in people[:EMPLOYED]:
        j.equal(agent.GetBeneficiary(ori.GetBeneficiaryRequest(id=b.id)).status, ori.EXITED,
                f"{b.id} after the exit record")
    j.step(f"{EMPLOYED} exits imported from the CAF flow ({ori.ExitReason.Name(reason)})")

    # -- 8. Evaluation: the cohort, the contractualisation rate, the positive exits.
    month = f"{today.year:04d}-{today.month:02d}"

    def value(cell, what):
        j.check(not cell.suppressed and cell.HasField("value"), f"{what} is published: {cell}")
        return cell.value

    def cohort():
        for c in steering.ListCohorts(ev.ListCohortsRequest(from_month=month,
                                                            to_month=month)).cohorts:
            if c.tad == TAD and c.HasField("entrants") and c.entrants.value == COHORT and \
               c.started_offer.value == EMPLOYED and \
               c.exited_to_employment_6_months.HasField("value") and \
               c.exited_to_employment_6_months.value > 0 and \
               c.contract_within_legal_delay.value == WITH_CONTRACT:
                return c
        return None
    c = e2e.poll("evaluation's cohort of the month", cohort)
    j.equal(value(c.entrants, "entrants"), COHORT, "cohort entrants")
    j.equal(value(c.convened, "convened"), COHORT, "cohort convened")
    j.equal(value(c.oriented_within_deadline, "oriented within the deadline"), COHORT,
            "cohort oriented within the deadline")
    j.equal(value(c.oriented_within_deadline_rate, "oriented rate"), 1.0, "oriented rate")
    j.equal(value(c.contract_within_legal_delay_rate, "contract rate"),
            WITH_CONTRACT / COHORT, "cohort contract within the legal delay (rate)")
    j.equal(value(c.started_offer, "started an offer"), EMPLOYED, "cohort started an offer")
    j.equal(value(c.exited_to_employment_6_months, "exit to employment"), EMPLOYED / COHORT,
            "cohort exits to employment within 6 months (rate of entrants)")
    j.step(f"cohort {month} {TAD}: {COHORT} entrants, contract rate "
           f"{WITH_CONTRACT}/{COHORT}, {EMPLOYED}/{COHORT} back to work within 6 months")

    def indicator(fiche, indicator_id):
        bilan = steering.GetBilan(ev.GetBilanRequest(year=today.year, fiche=fiche))
        for f in bilan.fiches:
            for ind in f.indicators:
                if ind.id == indicator_id:
                    for cell in ind.by_tad:
                        if cell.tad == TAD:
                            return cell.cell
        raise e2e.JourneyFailed(f"bilan has no {indicator_id} for {TAD} in fiche {fiche}")
    remaining = COHORT - EMPLOYED
    rate = e2e.poll("the contractualisation rate", lambda: (
        lambda cell: cell if cell.population == remaining else None)(
            indicator("2-4", "taux_contractualisation")))
    j.equal(value(rate, "contractualisation rate"), (WITH_CONTRACT - EMPLOYED) / remaining,
            "contractualisation rate at the end of the year")
    j.step(f"bilan 2-4: contractualisation rate {WITH_CONTRACT - EMPLOYED}/{remaining} "
           f"of those still in the RSA, subject to rights and duties")
    # Contracts computes the same rate from its own records and orientation's feed.
    own = e2e.poll("contracts' contractualisation rate", lambda: (
        lambda t: t if t.subject == remaining else None)(
            s.contracts("steering").GetContractualisationRate(ctr.GetContractualisationRateRequest(
                at=e2e.date(today), tad=TAD)).total))
    j.equal((own.subject, own.with_contract, own.suppressed),
            (remaining, WITH_CONTRACT - EMPLOYED, False), "contracts' rate for the territory")
    j.equal(own.rate, rate.value, "contracts' and evaluation's contractualisation rates")
    j.step(f"contracts' own rate for {TAD} agrees: {own.with_contract}/{own.subject}")
    exits_rate = indicator("2-5", "taux_sortie_rsa_emploi")
    j.equal(value(exits_rate, "exits to employment"), 1.0, "share of RSA exits due to work")

    def offer_evaluation():
        page = ""
        while True:
            resp = steering.ListOfferEvaluations(ev.ListOfferEvaluationsRequest(
                year=today.year, page_size=500, page_token=page))
            for o in resp.offers:
                if o.offer_id == offer.id and o.positive_exits.value == EMPLOYED:
                    return o
            page = resp.next_page_token
            if not page:
                return None
    o = e2e.poll("the offer's evaluation", offer_evaluation)
    j.equal(value(o.completed, "completed"), EMPLOYED, "offer completions")
    j.equal(value(o.positive_exit_rate, "positive exit rate"), 1.0, "offer positive exit rate")
    positive = indicator("3-7", "taux_sorties_positives")
    j.equal(value(positive, "3-7 positive exits"), 1.0, "bilan 3-7 positive exit rate")
    j.step(f"offer {offer.id}: {EMPLOYED} completed, positive exit rate 1.0 (bilan 3-7 too)")
    applied = e2e.feeds_caught_up(s)
    j.check(all(applied[f] > 0 for f in ("catalogue", "orientation", "contracts")),
            f"evaluation applied the events of catalogue, orientation and contracts: {applied}")
    j.step(f"evaluation has applied every event of the four feeds: {applied}")


if __name__ == "__main__":
    sys.exit(e2e.run("journey 1: entry to return to work", body))
