#!/usr/bin/env python3
"""Journey 3, a control from the cross-check to the recovery, through the gRPC APIs only.

HOUSEHOLDS household files of one territory are imported into fraud (client streaming),
each with a quarterly declaration (DTR) that declares less salary than the payroll
cross-check (DSN) saw for the same quarter, and no declaration for the other quarters of
the look-back window. Scoring fires `income_above_declared` (and
`declarations_missing`): the score passes the rule set's case threshold and a case opens.
A controller assigns it, controls, records the answer, qualifies it as fraud with the
overpayment, imposes a fine within the legal cap, and records a partial recovery. Fraud's
control statistics and evaluation's recovery rate (fiche 4-3, following fraud's feed)
show it. Five households, because evaluation publishes no figure on fewer than 5 people.

Usage: journey_control.py SUITE_STATE_DIR
"""
import datetime
import sys

import e2e
from e2e import ev, fr

TAD, MDS, COMMUNE = "TAD-SUD-OUEST", "MDS-ETAMPES", "91223"
HOUSEHOLDS = 5
DECLARED, SEEN = 45_000, 135_000          # salary of the quarter, in cents
OVERPAYMENT, FINE, PAID = 90_000, 30_000, 60_000  # per case, in cents


def previous_quarter(d):
    q = (d.month - 1) // 3 + 1
    return (d.year, q - 1) if q > 1 else (d.year - 1, 4)


def body(j):
    s = j.suite
    controller = s.fraud("controller")
    steering = s.evaluation("steering")
    year, quarter = previous_quarter(j.today)
    period = fr.Quarter(year=year, quarter=quarter)
    base = int(j.run_id[:6], 16) % 900_000 + 100_000
    cafs = [f"{base:06d}{i}" for i in range(HOUSEHOLDS)]
    j.identity(*cafs)  # the CAF number is for controllers' eyes only: never in a log

    households = [fr.HouseholdRecord(
        caf_number=c, beneficiary_id=f"ben_e2e{j.run_id}{i}", member_ids=[f"mem_e2e{j.run_id}{i}"],
        address=fr.Address(street=f"{i} place du Port", postal_code="91150",
                           commune_insee=COMMUNE, country="FR"),
        bank_account_fingerprint=f"sha256:e2e{j.run_id}{i}", monthly_rsa_cents=60_734,
        rsa_since=e2e.common.Date(year=2023, month=1, day=1),
        territory=e2e.common.Territory(tad=TAD, mds=MDS, commune_insee=COMMUNE))
        for i, c in enumerate(cafs)]
    summary = controller.ImportHouseholds(iter(households))
    j.equal((summary.accepted, summary.rejected), (HOUSEHOLDS, 0), "households imported")
    declared_on = e2e.date(j.today - datetime.timedelta(days=1))
    summary = controller.ImportDeclarations(iter([fr.DeclarationRecord(
        caf_number=c, period=period, declared_on=declared_on,
        amounts=[fr.IncomeAmount(category=fr.INCOME_CATEGORY_SALARY, amount_cents=DECLARED)])
        for c in cafs]))
    j.equal((summary.accepted, summary.rejected), (HOUSEHOLDS, 0), "declarations imported")
    summary = controller.ImportCrossChecks(iter([fr.CrossCheckRecord(
        caf_number=c, source=fr.CROSS_CHECK_SOURCE_PAYROLL, reference=f"dsn-{j.run_id}-{i}",
        period=period, kind=fr.FACT_KIND_INCOME, category=fr.INCOME_CATEGORY_SALARY,
        amount_cents=SEEN) for i, c in enumerate(cafs)]))
    j.equal((summary.accepted, summary.rejected), (HOUSEHOLDS, 0), "cross-checks imported")
    j.step(f"{HOUSEHOLDS} households, declarations ({DECLARED / 100:.0f} €) and payroll "
           f"cross-checks ({SEEN / 100:.0f} €) for {year}Q{quarter} imported")

    rescored = controller.RescoreDirty(fr.RescoreDirtyRequest())
    j.check(rescored.cases_opened >= HOUSEHOLDS,
            f"rescoring the changed files opened the cases: {rescored}")
    ours = {h.beneficiary_id for h in households}
    cases = []
    page = ""
    while True:
        resp = controller.ListCases(fr.ListCasesRequest(tad=TAD, page_size=500, page_token=page))
        cases += [c for c in resp.cases if c.beneficiary_id in ours]
        page = resp.next_page_token
        if not page:
            break
    j.equal(len(cases), HOUSEHOLDS, "cases opened for our households")
    for c in cases:
        j.equal(c.status, fr.CASE_STATUS_DETECTED, "new case")
        j.check("income_above_declared" in c.fired_rule_ids,
                f"the cross-check rule fired for {c.id}: {list(c.fired_rule_ids)}")
        f = controller.GetHousehold(fr.GetHouseholdRequest(household_id=c.household_id))
        fired = {r.rule_id: r for r in f.latest_score.fired}
        evidence = {e.name: e.value for e in fired["income_above_declared"].evidence}
        j.check(evidence, f"the rule explains itself: {fired['income_above_declared']}")
        j.equal(f.open_case_id, c.id, "the file names its open case")
    j.step(f"scored: {HOUSEHOLDS} cases DETECTED by income_above_declared "
           f"(score {cases[0].score_at_opening})")

    facts = e2e.date(datetime.date(year, 3 * quarter - 2, 1))
    for i, c in enumerate(cases):
        c = controller.AssignCase(fr.AssignCaseRequest(case_id=c.id, etag=c.etag,
                                                       controller="controller"))
        c = controller.StartControl(fr.StartControlRequest(case_id=c.id, etag=c.etag))
        c = controller.RecordAnswer(fr.RecordAnswerRequest(case_id=c.id, etag=c.etag,
                                    answer=fr.BeneficiaryAnswer(
                                        text="oubli de déclarer des heures",
                                        received_on=e2e.date(j.today))))
        c = controller.QualifyCase(fr.QualifyCaseRequest(
            case_id=c.id, etag=c.etag, qualification=fr.QUALIFICATION_FRAUD,
            overpayment=fr.Overpayment(amount_cents=OVERPAYMENT, period=e2e.common.DateRange(
                **{"from": facts,
                   "to": e2e.date(datetime.date(year + (quarter == 4),
                                                3 * quarter % 12 + 1, 1))}))))
        j.equal(c.status, fr.CASE_STATUS_QUALIFIED_FRAUD, "qualified")
        c = controller.ImposeFine(fr.ImposeFineRequest(case_id=c.id, etag=c.etag, fine=fr.Fine(
            amount_cents=FINE, facts_date=facts, repeat_offence=False)))
        j.check(0 < c.fine.cap_cents and FINE <= c.fine.cap_cents and c.fine.legal_reference,
                f"the fine's cap and legal reference: {c.fine}")
        payment = fr.RecoveryPayment(request_id=j.rid("pay", i), kind=fr.RECOVERY_KIND_OVERPAYMENT,
                                     amount_cents=PAID, paid_on=e2e.date(j.today))
        c = controller.RecordRecovery(fr.RecordRecoveryRequest(case_id=c.id, payment=payment))
        again = controller.RecordRecovery(fr.RecordRecoveryRequest(case_id=c.id, payment=payment))
        j.equal((c.recovered_cents, again.recovered_cents), (PAID, PAID),
                "recovery recorded once (the retry is harmless)")
    j.step(f"assigned, controlled, answered, qualified FRAUD ({OVERPAYMENT / 100:.0f} € due), "
           f"fined {FINE / 100:.0f} €, {PAID / 100:.0f} € recovered, for each case")

    due = HOUSEHOLDS * (OVERPAYMENT + FINE)
    stats = controller.GetStatistics(fr.GetStatisticsRequest(year=j.today.year, tad=TAD))
    j.equal((stats.cases_opened, stats.cases_qualified_fraud, stats.fines_count),
            (HOUSEHOLDS, HOUSEHOLDS, HOUSEHOLDS), "control statistics: cases and fines")
    j.equal((stats.overpayments_cents, stats.fines_cents, stats.recovered_cents),
            (HOUSEHOLDS * OVERPAYMENT, HOUSEHOLDS * FINE, HOUSEHOLDS * PAID),
            "control statistics: amounts")
    j.equal(round(stats.recovery_rate, 9), round(HOUSEHOLDS * PAID / due, 9), "recovery rate")
    rule = {r.rule_id: r for r in stats.rules}["income_above_declared"]
    j.equal((rule.cases_opened, rule.cases_qualified, rule.precision), (HOUSEHOLDS, HOUSEHOLDS, 1.0),
            "the rule's precision")
    j.step(f"fraud statistics {j.today.year} {TAD}: {stats.cases_opened} cases, recovery rate "
           f"{stats.recovery_rate:.3f}")

    def indicator(fiche, indicator_id):
        bilan = steering.GetBilan(ev.GetBilanRequest(year=j.today.year, fiche=fiche))
        for f in bilan.fiches:
            for ind in f.indicators:
                if ind.id == indicator_id:
                    return next((c.cell for c in ind.by_tad if c.tad == TAD), None)
        raise e2e.JourneyFailed(f"bilan has no {indicator_id} in fiche {fiche}")

    def recovery():
        cell = indicator("4-3", "taux_recouvrement_indus")
        return cell if cell is not None and cell.HasField("value") and \
            abs(cell.value - HOUSEHOLDS * PAID / due) < 1e-9 else None
    cell = e2e.poll("evaluation's recovery rate", recovery)
    j.equal(cell.population, HOUSEHOLDS, "recovery rate built on our cases' beneficiaries")
    qualified = e2e.poll("evaluation's qualified fraud cases", lambda: (
        lambda c: c if c is not None and c.value == HOUSEHOLDS else None)(
            indicator("3-17", "dossiers_frauduleux_detectes")))
    j.equal(qualified.value, HOUSEHOLDS, "qualified fraud cases in evaluation")
    applied = e2e.feeds_caught_up(s)
    j.check(applied["fraud"] > 0, f"evaluation applied fraud's events: {applied}")
    j.step(f"evaluation 4-3 recovery rate {cell.value:.3f} and 3-17 {HOUSEHOLDS:.0f} "
           f"qualified cases in {TAD}")


if __name__ == "__main__":
    sys.exit(e2e.run("journey 3: cross-check to recovery", body))
