#include "services/contracts/store/contract_events.h"

#include "parcours/contracts/v1/contracts.pb.h"
#include "services/contracts/proto_dates.h"

namespace parcours::contracts {

events::v1::Event ContractEvent(const Contract& c, const std::string& type,
                                ContractStatus previous) {
  v1::ContractChanged payload;
  payload.set_kind(static_cast<v1::ContractKind>(c.kind));
  payload.set_status(static_cast<v1::ContractStatus>(c.status));
  payload.set_previous_status(static_cast<v1::ContractStatus>(previous));
  payload.set_orientation_type(static_cast<v1::OrientationType>(c.orientation_type));
  *payload.mutable_start_date() = ToProtoDate(c.start_date);
  *payload.mutable_end_date() = ToProtoDate(c.end_date);
  payload.set_referent_id(c.referent_id);
  payload.set_renewal_of(c.renewal_of);
  events::v1::Event e;
  e.set_type(type);
  e.set_aggregate_type("contract");
  e.set_aggregate_id(c.id);
  e.set_beneficiary_id(c.beneficiary_id);
  e.set_tad(c.tad);
  e.set_mds(c.mds);
  e.mutable_payload()->PackFrom(payload);
  return e;
}

events::v1::Event ProcedureEvent(const SanctionProcedure& p, const std::string& type,
                                 ProcedureStatus previous) {
  v1::ProcedureChanged payload;
  payload.set_breach(static_cast<v1::BreachKind>(p.breach.kind));
  payload.set_detected(p.breach.detected);
  payload.set_status(static_cast<v1::ProcedureStatus>(p.status));
  payload.set_previous_status(static_cast<v1::ProcedureStatus>(previous));
  if (p.decision.has_value()) {
    payload.set_decision(static_cast<v1::DecisionKind>(p.decision->kind));
    payload.set_percent(p.decision->percent);
    payload.set_months(p.decision->months);
  }
  payload.set_contract_id(p.breach.contract_id);
  events::v1::Event e;
  e.set_type(type);
  e.set_aggregate_type("procedure");
  e.set_aggregate_id(p.id);
  e.set_beneficiary_id(p.beneficiary_id);
  e.set_tad(p.tad);
  e.mutable_payload()->PackFrom(payload);
  return e;
}

}  // namespace parcours::contracts
