#include "services/orientation/authorization.h"

#include <string>

#include "libs/audit/audit_service.h"
#include "libs/auth/principal.h"

namespace parcours::orientation {

auth::AuthorizationPolicy OrientationPolicy() {
  using auth::PersonalData;
  using auth::Scope;
  const auto m = [](const char* method) {
    return std::string("/parcours.orientation.v1.Orientation/") + method;
  };
  const char* referent = auth::kReferent;
  const char* agent = auth::kOrientationAgent;
  const char* steering = auth::kSteering;
  const char* admin = auth::kAdmin;
  const char* dpo = auth::kDpo;
  auth::AuthorizationPolicy p;
  // Registry: identity, read by those who accompany and by the DPO, within their
  // territories. Not by a peer service: contracts asks GetOrientationStatus (no identity);
  // fraud keeps its own files by CAF number and never needs names or contact data.
  p.Allow(m("GetBeneficiary"), {referent, agent, admin, dpo}, Scope::kOwnTerritory,
          PersonalData::kYes);
  p.Allow(m("ListBeneficiaries"), {referent, agent, admin, dpo}, Scope::kOwnTerritory,
          PersonalData::kYes);
  p.Allow(m("UpdateBeneficiary"), {referent, agent, admin}, Scope::kOwnTerritory,
          PersonalData::kYes);
  // CAF flows cover the whole Département.
  p.Allow(m("ImportCafFlow"), {agent, admin}, Scope::kAny, PersonalData::kYes);

  p.Allow(m("CreateInformationSession"), {agent, admin}, Scope::kOwnTerritory);
  p.Allow(m("ListInformationSessions"), {referent, agent, steering, admin}, Scope::kAny);
  p.Allow(m("ConveneEntrants"), {agent, admin}, Scope::kOwnTerritory);
  p.Allow(m("RecordAttendance"), {agent, admin}, Scope::kOwnTerritory, PersonalData::kYes);
  p.Allow(m("ListConvocations"), {referent, agent, admin, dpo}, Scope::kOwnTerritory,
          PersonalData::kYes);

  p.Allow(m("SuggestOrientation"), {referent, agent, admin}, Scope::kOwnTerritory,
          PersonalData::kYes);
  p.Allow(m("DecideOrientation"), {agent, admin}, Scope::kOwnTerritory, PersonalData::kYes);
  p.Allow(m("RequestReorientation"), {referent, agent, admin}, Scope::kOwnTerritory,
          PersonalData::kYes);
  p.Allow(m("DecideReorientation"), {agent, admin}, Scope::kOwnTerritory, PersonalData::kYes);
  p.Allow(m("GetOrientationHistory"), {referent, agent, admin, dpo}, Scope::kOwnTerritory,
          PersonalData::kYes);
  // Contracts checks the orientation before a contract: pseudonymous, still about a person.
  p.Allow(m("GetOrientationStatus"), {referent, agent, admin, kContractsService},
          Scope::kOwnTerritory, PersonalData::kYes);

  // Référents are professionals: their directory is not beneficiaries' personal data.
  p.Allow(m("CreateReferent"), {agent, admin}, Scope::kOwnTerritory);
  p.Allow(m("GetReferent"), {referent, agent, steering, admin, kContractsService}, Scope::kAny);
  p.Allow(m("ListReferents"), {referent, agent, steering, admin, kContractsService}, Scope::kAny);
  p.Allow(m("PublishSlots"), {referent, agent, admin}, Scope::kOwnTerritory);
  p.Allow(m("ListFreeSlots"), {referent, agent, admin}, Scope::kOwnTerritory);
  p.Allow(m("BookAppointment"), {referent, agent, admin}, Scope::kOwnTerritory, PersonalData::kYes);
  p.Allow(m("CancelAppointment"), {referent, agent, admin}, Scope::kOwnTerritory,
          PersonalData::kYes);
  p.Allow(m("RecordAppointmentOutcome"), {referent, agent, admin}, Scope::kOwnTerritory,
          PersonalData::kYes);

  // Counts are aggregates (steering and evaluation see them); the lists name people.
  p.Allow(m("GetQueueCounts"), {agent, steering, admin, kEvaluationService}, Scope::kOwnTerritory);
  p.Allow(m("ListQueue"), {agent, admin}, Scope::kOwnTerritory, PersonalData::kYes);

  // Who read or wrote personal data: the DPO only.
  audit::AllowAuditReaders(p);
  // The event feed: pseudonymous, for the services that follow it.
  p.Allow("/parcours.events.v1.EventFeed/StreamEvents",
          {kContractsService, kFraudService, kEvaluationService, admin}, Scope::kAny);
  p.Allow("/parcours.events.v1.EventFeed/GetFeedHead",
          {kContractsService, kFraudService, kEvaluationService, admin}, Scope::kAny);
  return p;
}

}  // namespace parcours::orientation
