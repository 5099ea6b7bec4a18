#include "services/contracts/domain/model.h"

#include <array>
#include <utility>

namespace parcours::contracts {
namespace {

// One table per enum: the single place where an enumerator meets its name.
template <typename E, size_t N>
using NameTable = std::array<std::pair<E, std::string_view>, N>;

constexpr NameTable<ContractKind, 5> kKinds{{{ContractKind::kCerSocial, "CER_SOCIAL"},
                                             {ContractKind::kCerSocioProfessional, "CER_SOCIO_PROFESSIONAL"},
                                             {ContractKind::kPpae, "PPAE"},
                                             {ContractKind::kContratEngagement, "CONTRAT_ENGAGEMENT"},
                                             {ContractKind::kPackSortie, "PACK_SORTIE"}}};
constexpr NameTable<ContractStatus, 7> kStatuses{{{ContractStatus::kDraft, "DRAFT"},
                                                  {ContractStatus::kPendingSignature, "PENDING_SIGNATURE"},
                                                  {ContractStatus::kActive, "ACTIVE"},
                                                  {ContractStatus::kSuspended, "SUSPENDED"},
                                                  {ContractStatus::kCompleted, "COMPLETED"},
                                                  {ContractStatus::kTerminated, "TERMINATED"},
                                                  {ContractStatus::kExpired, "EXPIRED"}}};
constexpr NameTable<OrientationType, 3> kOrientationTypes{
    {{OrientationType::kProfessional, "PROFESSIONAL"},
     {OrientationType::kSocioProfessional, "SOCIO_PROFESSIONAL"},
     {OrientationType::kSocial, "SOCIAL"}}};
constexpr NameTable<ObjectiveStatus, 3> kObjectiveStatuses{{{ObjectiveStatus::kInProgress, "IN_PROGRESS"},
                                                            {ObjectiveStatus::kDone, "DONE"},
                                                            {ObjectiveStatus::kAbandoned, "ABANDONED"}}};
constexpr NameTable<ActionStatus, 6> kActionStatuses{{{ActionStatus::kPlanned, "PLANNED"},
                                                      {ActionStatus::kInProgress, "IN_PROGRESS"},
                                                      {ActionStatus::kDone, "DONE"},
                                                      {ActionStatus::kStandby, "STANDBY"},
                                                      {ActionStatus::kCanceled, "CANCELED"},
                                                      {ActionStatus::kAbandoned, "ABANDONED"}}};
constexpr NameTable<Party, 2> kParties{{{Party::kBeneficiary, "BENEFICIARY"}, {Party::kReferent, "REFERENT"}}};
constexpr NameTable<BreachKind, 3> kBreaches{{{BreachKind::kMissedAppointments, "MISSED_APPOINTMENTS"},
                                              {BreachKind::kContractNotSigned, "CONTRACT_NOT_SIGNED"},
                                              {BreachKind::kActionsNotDone, "ACTIONS_NOT_DONE"}}};
constexpr NameTable<ProcedureStatus, 7> kProcedureStatuses{{{ProcedureStatus::kOpened, "OPENED"},
                                                            {ProcedureStatus::kNotified, "NOTIFIED"},
                                                            {ProcedureStatus::kHearing, "HEARING"},
                                                            {ProcedureStatus::kDecided, "DECIDED"},
                                                            {ProcedureStatus::kSanctioned, "SANCTIONED"},
                                                            {ProcedureStatus::kClosed, "CLOSED"},
                                                            {ProcedureStatus::kCancelled, "CANCELLED"}}};
constexpr NameTable<DecisionKind, 4> kDecisions{{{DecisionKind::kMaintain, "MAINTAIN"},
                                                 {DecisionKind::kReduction, "REDUCTION"},
                                                 {DecisionKind::kSuspension, "SUSPENSION"},
                                                 {DecisionKind::kSuspensionRemobilisation,
                                                  "SUSPENSION_REMOBILISATION"}}};
constexpr NameTable<DeadlineKind, 4> kDeadlines{{{DeadlineKind::kSignature, "SIGNATURE"},
                                                 {DeadlineKind::kReview, "REVIEW"},
                                                 {DeadlineKind::kRenewal, "RENEWAL"},
                                                 {DeadlineKind::kProcedureResponse, "PROCEDURE_RESPONSE"}}};

template <typename E, size_t N>
const char* Lookup(const NameTable<E, N>& table, E value) {
  for (const auto& [e, name] : table) {
    if (e == value) return name.data();  // literals: NUL-terminated
  }
  return "UNSPECIFIED";
}

template <typename E, size_t N>
E Reverse(const NameTable<E, N>& table, std::string_view name) {
  for (const auto& [e, n] : table) {
    if (n == name) return e;
  }
  return E::kUnspecified;
}

}  // namespace

const char* Name(ContractKind k) { return Lookup(kKinds, k); }
const char* Name(ContractStatus s) { return Lookup(kStatuses, s); }
const char* Name(OrientationType t) { return Lookup(kOrientationTypes, t); }
const char* Name(ObjectiveStatus s) { return Lookup(kObjectiveStatuses, s); }
const char* Name(ActionStatus s) { return Lookup(kActionStatuses, s); }
const char* Name(Party p) { return Lookup(kParties, p); }
const char* Name(BreachKind k) { return Lookup(kBreaches, k); }
const char* Name(ProcedureStatus s) { return Lookup(kProcedureStatuses, s); }
const char* Name(DecisionKind k) { return Lookup(kDecisions, k); }
const char* Name(DeadlineKind k) { return Lookup(kDeadlines, k); }

ContractKind ContractKindFromName(std::string_view n) { return Reverse(kKinds, n); }
ContractStatus ContractStatusFromName(std::string_view n) { return Reverse(kStatuses, n); }
OrientationType OrientationTypeFromName(std::string_view n) { return Reverse(kOrientationTypes, n); }
ObjectiveStatus ObjectiveStatusFromName(std::string_view n) { return Reverse(kObjectiveStatuses, n); }
ActionStatus ActionStatusFromName(std::string_view n) { return Reverse(kActionStatuses, n); }
Party PartyFromName(std::string_view n) { return Reverse(kParties, n); }
BreachKind BreachKindFromName(std::string_view n) { return Reverse(kBreaches, n); }
ProcedureStatus ProcedureStatusFromName(std::string_view n) { return Reverse(kProcedureStatuses, n); }
DecisionKind DecisionKindFromName(std::string_view n) { return Reverse(kDecisions, n); }

}  // namespace parcours::contracts
