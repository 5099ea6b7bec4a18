#include "services/contracts/proto_mapping.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/contracts/proto_dates.h"

namespace parcours::contracts {
namespace {

template <typename E>
E EnumOrUnspecified(int value, int max) {
  return value >= 0 && value <= max ? static_cast<E>(value) : E::kUnspecified;
}

}  // namespace

absl::CivilDay RequiredDate(const parcours::common::v1::Date& d, const std::string& path,
                            errors::FieldViolations& v) {
  bool valid = true;
  std::optional<absl::CivilDay> day = FromProtoDate(d, &valid);
  if (!valid) {
    v.Add(path, "not a valid date");
  } else if (!day.has_value()) {
    v.Add(path, "required");
  }
  return day.value_or(absl::CivilDay(1970, 1, 1));
}

std::optional<absl::CivilDay> OptionalDate(const parcours::common::v1::Date& d,
                                           const std::string& path, errors::FieldViolations& v) {
  bool valid = true;
  std::optional<absl::CivilDay> day = FromProtoDate(d, &valid);
  if (!valid) v.Add(path, "not a valid date");
  return day;
}

absl::StatusOr<int64_t> ParseEtag(const std::string& etag, const std::string& field) {
  int64_t version = 0;
  if (etag.empty() || !absl::SimpleAtoi(etag, &version) || version <= 0) {
    return errors::InvalidField(field, "required: the etag of the version read");
  }
  return version;
}

v1::Contract ToProto(const Contract& c) {
  v1::Contract out;
  out.set_id(c.id);
  out.set_beneficiary_id(c.beneficiary_id);
  out.set_referent_id(c.referent_id);
  out.set_kind(static_cast<v1::ContractKind>(c.kind));
  out.set_status(static_cast<v1::ContractStatus>(c.status));
  out.mutable_orientation()->set_decision_id(c.orientation_decision_id);
  out.mutable_orientation()->set_type(static_cast<v1::OrientationType>(c.orientation_type));
  *out.mutable_orientation()->mutable_decided_on() = ToProtoDate(c.orientation_date);
  out.mutable_territory()->set_tad(c.tad);
  out.mutable_territory()->set_mds(c.mds);
  *out.mutable_start_date() = ToProtoDate(c.start_date);
  *out.mutable_end_date() = ToProtoDate(c.end_date);
  out.set_weekly_hours(c.weekly_hours);
  out.set_reduced_hours_reason(c.reduced_hours_reason);
  if (c.return_to_work_date) *out.mutable_return_to_work_date() = ToProtoDate(*c.return_to_work_date);
  out.set_insertion_project(c.insertion_project);
  for (const Objective& o : c.objectives) {
    v1::Objective* p = out.add_objectives();
    p->set_id(o.id);
    p->set_title(o.title);
    p->set_theme(o.theme);
    p->set_status(static_cast<v1::ObjectiveStatus>(o.status));
  }
  for (const Action& a : c.actions) {
    v1::Action* p = out.add_actions();
    p->set_id(a.id);
    p->set_objective_id(a.objective_id);
    p->set_title(a.title);
    p->set_offer_id(a.offer_id);
    p->set_prescription_id(a.prescription_id);
    p->set_status(static_cast<v1::ActionStatus>(a.status));
    if (a.due_date) *p->mutable_due_date() = ToProtoDate(*a.due_date);
  }
  for (const Signature& s : c.signatures) {
    v1::Signature* p = out.add_signatures();
    p->set_party(static_cast<v1::Party>(s.party));
    p->set_signed_by(s.signed_by);
    *p->mutable_signed_at() = ToProtoTime(s.signed_at);
  }
  for (const Review& r : c.reviews) {
    v1::Review* p = out.add_reviews();
    p->set_id(r.id);
    *p->mutable_review_date() = ToProtoDate(r.review_date);
    p->set_summary(r.summary);
    *p->mutable_next_review_date() = ToProtoDate(r.next_review_date);
    p->set_recorded_by(r.recorded_by);
    *p->mutable_recorded_at() = ToProtoTime(r.recorded_at);
  }
  if (c.next_review_date) *out.mutable_next_review_date() = ToProtoDate(*c.next_review_date);
  out.set_renewal_of(c.renewal_of);
  out.set_status_reason(c.status_reason);
  out.set_etag(absl::StrCat(c.version));
  *out.mutable_create_time() = ToProtoTime(c.create_time);
  *out.mutable_update_time() = ToProtoTime(c.update_time);
  return out;
}

Contract ContractFromProto(const v1::Contract& in, const std::string& prefix,
                           errors::FieldViolations& v) {
  Contract c;
  c.beneficiary_id = in.beneficiary_id();
  c.kind = EnumOrUnspecified<ContractKind>(in.kind(), 5);
  c.start_date = RequiredDate(in.start_date(), prefix + ".start_date", v);
  c.end_date = RequiredDate(in.end_date(), prefix + ".end_date", v);
  if (in.weekly_hours() < 0) v.Add(prefix + ".weekly_hours", "must not be negative");
  c.weekly_hours = in.weekly_hours();
  c.reduced_hours_reason = in.reduced_hours_reason();
  c.return_to_work_date = OptionalDate(in.return_to_work_date(), prefix + ".return_to_work_date", v);
  c.insertion_project = in.insertion_project();
  for (int i = 0; i < in.objectives_size(); ++i) {
    const v1::Objective& o = in.objectives(i);
    c.objectives.push_back(
        {o.id(), o.title(), o.theme(), EnumOrUnspecified<ObjectiveStatus>(o.status(), 3)});
  }
  for (int i = 0; i < in.actions_size(); ++i) {
    const v1::Action& a = in.actions(i);
    c.actions.push_back({a.id(), a.objective_id(), a.title(), a.offer_id(), a.prescription_id(),
                         EnumOrUnspecified<ActionStatus>(a.status(), 6),
                         OptionalDate(a.due_date(), absl::StrCat(prefix, ".actions[", i, "].due_date"), v)});
  }
  return c;
}

v1::SanctionProcedure ToProto(const SanctionProcedure& p) {
  v1::SanctionProcedure out;
  out.set_id(p.id);
  out.set_beneficiary_id(p.beneficiary_id);
  out.set_tad(p.tad);
  out.set_referent_id(p.referent_id);
  v1::Breach* b = out.mutable_breach();
  b->set_kind(static_cast<v1::BreachKind>(p.breach.kind));
  b->set_description(p.breach.description);
  b->set_detected(p.breach.detected);
  b->set_source_event_id(p.breach.source_event_id);
  b->set_contract_id(p.breach.contract_id);
  out.set_status(static_cast<v1::ProcedureStatus>(p.status));
  if (p.notified_on) *out.mutable_notified_on() = ToProtoDate(*p.notified_on);
  if (p.response_due_date) *out.mutable_response_due_date() = ToProtoDate(*p.response_due_date);
  out.set_observations(p.observations);
  if (p.decision) {
    v1::Decision* d = out.mutable_decision();
    d->set_kind(static_cast<v1::DecisionKind>(p.decision->kind));
    d->set_percent(p.decision->percent);
    d->set_months(p.decision->months);
    d->set_ep_opinion(p.decision->ep_opinion);
    d->set_motivation(p.decision->motivation);
    if (p.decision->remobilisation_deadline) {
      *d->mutable_remobilisation_deadline() = ToProtoDate(*p.decision->remobilisation_deadline);
    }
  }
  out.set_re_engaged(p.re_engaged);
  out.set_withheld_repaid(p.withheld_repaid);
  for (const ProcedureStep& s : p.steps) {
    v1::ProcedureStep* step = out.add_steps();
    step->set_status(static_cast<v1::ProcedureStatus>(s.status));
    step->set_by(s.by);
    *step->mutable_at() = ToProtoTime(s.at);
    step->set_note(s.note);
  }
  out.set_etag(absl::StrCat(p.version));
  *out.mutable_create_time() = ToProtoTime(p.create_time);
  *out.mutable_update_time() = ToProtoTime(p.update_time);
  return out;
}

Decision DecisionFromProto(const v1::Decision& in) {
  Decision d;
  d.kind = EnumOrUnspecified<DecisionKind>(in.kind(), 4);
  d.percent = in.percent();
  d.months = in.months();
  d.ep_opinion = in.ep_opinion();
  d.motivation = in.motivation();
  return d;
}

Breach BreachFromProto(const v1::Breach& in) {
  Breach b;
  b.kind = EnumOrUnspecified<BreachKind>(in.kind(), 3);
  b.description = in.description();
  b.contract_id = in.contract_id();
  return b;
}

}  // namespace parcours::contracts
