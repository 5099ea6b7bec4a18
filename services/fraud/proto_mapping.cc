#include "services/fraud/proto_mapping.h"

#include "absl/strings/str_cat.h"
#include "services/fraud/ingest/records.h"

namespace parcours::fraud {

void SetTimestamp(absl::Time t, google::protobuf::Timestamp* out) {
  const int64_t us = absl::ToUnixMicros(t);
  out->set_seconds(us / 1'000'000);
  out->set_nanos(static_cast<int32_t>((us % 1'000'000) * 1000));
}

v1::Score ToProtoScore(const std::string& household_id, const ScoreResult& result,
                       const std::string& rule_set_version, absl::Time scored_at) {
  v1::Score out;
  out.set_household_id(household_id);
  out.set_score(result.score);
  out.set_rule_set_version(rule_set_version);
  SetTimestamp(scored_at, out.mutable_scored_at());
  for (const FiredRule& f : result.fired) {
    v1::FiredRule* p = out.add_fired();
    p->set_rule_id(RuleName(f.id));
    p->set_weight(f.weight);
    p->set_reason(f.reason);
    for (const Evidence& e : f.evidence) {
      v1::Evidence* pe = p->add_evidence();
      pe->set_name(e.name);
      pe->set_value(e.value);
    }
  }
  for (const std::string& n : result.notes) out.add_notes(n);
  return out;
}

v1::CaseStatus ToProtoStatus(CaseStatus s) {
  return static_cast<v1::CaseStatus>(static_cast<int>(s) + 1);
}

std::optional<CaseStatus> FromProtoStatus(v1::CaseStatus s) {
  if (s <= v1::CASE_STATUS_UNSPECIFIED || s > v1::CASE_STATUS_CLOSED) return std::nullopt;
  return static_cast<CaseStatus>(static_cast<int>(s) - 1);
}

v1::Case ToProtoCase(const ControlCase& c, const std::vector<RecoveryPayment>& payments) {
  v1::Case out;
  out.set_id(c.id);
  out.set_household_id(c.household_id);
  out.set_beneficiary_id(c.beneficiary_id);
  out.set_tad(c.tad);
  out.set_status(ToProtoStatus(c.status));
  out.set_score_at_opening(c.score_at_opening);
  out.set_rule_set_version(c.rule_set_version);
  for (const std::string& r : c.fired_rule_ids) out.add_fired_rule_ids(r);
  out.set_assigned_to(c.assigned_to);
  if (c.answer_received_on.has_value()) {
    out.mutable_answer()->set_text(c.answer_text);
    *out.mutable_answer()->mutable_received_on() = ToProtoDate(*c.answer_received_on);
  }
  out.set_qualification(static_cast<v1::Qualification>(static_cast<int>(c.qualification)));
  out.set_qualified_by(c.qualified_by);
  if (c.overpayment_from.has_value()) {
    out.mutable_overpayment()->set_amount_cents(c.overpayment_cents);
    *out.mutable_overpayment()->mutable_period()->mutable_from() = ToProtoDate(*c.overpayment_from);
    if (c.overpayment_to.has_value()) {
      *out.mutable_overpayment()->mutable_period()->mutable_to() = ToProtoDate(*c.overpayment_to);
    }
  }
  if (c.fine_cents > 0) {
    v1::Fine* f = out.mutable_fine();
    f->set_amount_cents(c.fine_cents);
    if (c.fine_facts_date.has_value()) *f->mutable_facts_date() = ToProtoDate(*c.fine_facts_date);
    f->set_repeat_offence(c.fine_repeat);
    f->set_cap_cents(c.fine_cap_cents);
    f->set_legal_reference(c.fine_reference);
    f->set_decided_by(c.fine_decided_by);
  }
  for (const RecoveryPayment& p : payments) {
    v1::RecoveryPayment* pp = out.add_payments();
    pp->set_request_id(p.request_id);
    pp->set_kind(p.fine ? v1::RECOVERY_KIND_FINE : v1::RECOVERY_KIND_OVERPAYMENT);
    pp->set_amount_cents(p.amount_cents);
    *pp->mutable_paid_on() = ToProtoDate(p.paid_on);
  }
  out.set_recovered_cents(c.recovered_overpayment_cents + c.recovered_fine_cents);
  SetTimestamp(c.opened_at, out.mutable_opened_at());
  SetTimestamp(c.updated_at, out.mutable_updated_at());
  out.set_etag(absl::StrCat(c.version));
  return out;
}

v1::RuleSet ToProtoRuleSet(const RuleSet& rules) {
  v1::RuleSet out;
  out.set_version(rules.version);
  out.set_case_threshold(rules.case_threshold);
  out.set_lookback_quarters(rules.lookback_quarters);
  for (const RuleConfig& r : rules.rules) {
    v1::RuleDefinition* d = out.add_rules();
    d->set_id(RuleName(r.id));
    d->set_enabled(r.enabled);
    d->set_weight(r.weight);
    d->set_description(r.description);
    for (const auto& [name, value] : r.thresholds) (*d->mutable_thresholds())[name] = value;
  }
  return out;
}

v1::Statistics ToProtoStatistics(const FraudStatistics& s) {
  v1::Statistics out;
  out.set_year(s.year);
  out.set_tad(s.tad);
  out.set_files_scored(s.files_scored);
  out.set_cases_opened(s.cases_opened);
  out.set_cases_qualified_fraud(s.qualified_fraud);
  out.set_cases_qualified_error(s.qualified_error);
  out.set_cases_unfounded(s.unfounded);
  out.set_fines_count(s.fines_count);
  out.set_fines_cents(s.fines_cents);
  out.set_overpayments_cents(s.overpayments_cents);
  out.set_recovered_cents(s.recovered_cents);
  out.set_recovery_rate(s.recovery_rate());
  for (const RuleTally& t : s.rules) {
    v1::RuleStatistics* r = out.add_rules();
    r->set_rule_id(t.rule_id);
    r->set_cases_opened(t.cases_opened);
    r->set_cases_qualified(t.cases_qualified);
    r->set_cases_unfounded(t.cases_unfounded);
    r->set_precision(t.precision());
  }
  return out;
}

v1::BatchProgress ToProtoProgress(const BatchProgress& p, const std::string& rule_set_version) {
  v1::BatchProgress out;
  out.set_files_scored(p.files_scored);
  out.set_files_total(p.files_total);
  out.set_cases_opened(p.cases_opened);
  out.set_elapsed_seconds(absl::ToDoubleSeconds(p.elapsed));
  out.set_done(p.done);
  out.set_rule_set_version(rule_set_version);
  return out;
}

v1::HouseholdRecord ToHouseholdRecord(const HouseholdFile& f) {
  v1::HouseholdRecord out;
  out.set_caf_number(f.caf_number);
  out.set_beneficiary_id(f.beneficiary_id);
  for (const std::string& m : f.member_ids) out.add_member_ids(m);
  out.mutable_address()->set_street(f.street);
  out.mutable_address()->set_postal_code(f.postal_code);
  out.mutable_address()->set_commune_insee(f.commune_insee);
  out.mutable_address()->set_country(f.country);
  out.set_bank_account_fingerprint(f.bank_fingerprint);
  out.set_monthly_rsa_cents(f.monthly_rsa_cents);
  *out.mutable_rsa_since() = ToProtoDate(f.rsa_since);
  out.mutable_territory()->set_tad(f.tad);
  out.mutable_territory()->set_mds(f.mds);
  out.mutable_territory()->set_commune_insee(f.commune_insee);
  return out;
}

v1::DeclarationRecord ToDeclarationRecord(const std::string& caf_number,
                                          const DeclarationInput& d) {
  v1::DeclarationRecord out;
  out.set_caf_number(caf_number);
  out.mutable_period()->set_year(d.declaration.period.year);
  out.mutable_period()->set_quarter(d.declaration.period.quarter);
  for (int c = 0; c < kIncomeCategoryCount; ++c) {
    if (d.declaration.amounts[c] == 0) continue;
    v1::IncomeAmount* a = out.add_amounts();
    a->set_category(ToProto(static_cast<IncomeCategory>(c)));
    a->set_amount_cents(d.declaration.amounts[c]);
  }
  *out.mutable_declared_on() = ToProtoDate(d.declared_on);
  return out;
}

v1::CrossCheckRecord ToCrossCheckRecord(const std::string& caf_number, const CrossCheckInput& c) {
  v1::CrossCheckRecord out;
  out.set_caf_number(caf_number);
  out.set_source(ToProto(c.fact.source));
  out.set_reference(c.reference);
  out.mutable_period()->set_year(c.fact.period.year);
  out.mutable_period()->set_quarter(c.fact.period.quarter);
  out.set_kind(ToProto(c.fact.kind));
  if (c.fact.kind == FactKind::kIncome) {
    out.set_category(ToProto(c.fact.category));
    out.set_amount_cents(c.fact.amount_cents);
  }
  out.set_persons(c.fact.persons);
  return out;
}

}  // namespace parcours::fraud
