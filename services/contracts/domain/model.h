// The contracts service's domain model: contracts with their objectives, actions,
// signatures and reviews, and sanction procedures with their steps. Plain structs with no
// gRPC and no SQL, so that rules and state machines are tested in a few lines.
//
//   Contract c{.beneficiary_id = "ben_1", .kind = ContractKind::kCerSocial,
//              .start_date = absl::CivilDay(2024, 1, 31), .end_date = absl::CivilDay(2024, 7, 30)};
//
// Enumerators keep the wire numbers of parcours.contracts.v1 (the mapping layer checks
// ranges), and Name() gives the upper-case names used in SQL and events.
#ifndef PARCOURS_SERVICES_CONTRACTS_DOMAIN_MODEL_H_
#define PARCOURS_SERVICES_CONTRACTS_DOMAIN_MODEL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace parcours::contracts {

enum class ContractKind {
  kUnspecified = 0,
  kCerSocial = 1,
  kCerSocioProfessional = 2,
  kPpae = 3,
  kContratEngagement = 4,
  kPackSortie = 5,
};
inline constexpr ContractKind kAllContractKinds[] = {
    ContractKind::kCerSocial, ContractKind::kCerSocioProfessional, ContractKind::kPpae,
    ContractKind::kContratEngagement, ContractKind::kPackSortie};

enum class ContractStatus {
  kUnspecified = 0,
  kDraft = 1,
  kPendingSignature = 2,
  kActive = 3,
  kSuspended = 4,
  kCompleted = 5,
  kTerminated = 6,
  kExpired = 7,
};
inline constexpr ContractStatus kAllContractStatuses[] = {
    ContractStatus::kDraft,     ContractStatus::kPendingSignature, ContractStatus::kActive,
    ContractStatus::kSuspended, ContractStatus::kCompleted,        ContractStatus::kTerminated,
    ContractStatus::kExpired};

enum class OrientationType { kUnspecified = 0, kProfessional = 1, kSocioProfessional = 2, kSocial = 3 };
inline constexpr OrientationType kAllOrientationTypes[] = {
    OrientationType::kProfessional, OrientationType::kSocioProfessional, OrientationType::kSocial};

enum class ObjectiveStatus { kUnspecified = 0, kInProgress = 1, kDone = 2, kAbandoned = 3 };
enum class ActionStatus {
  kUnspecified = 0,
  kPlanned = 1,
  kInProgress = 2,
  kDone = 3,
  kStandby = 4,
  kCanceled = 5,
  kAbandoned = 6,
};
enum class Party { kUnspecified = 0, kBeneficiary = 1, kReferent = 2 };

enum class BreachKind {
  kUnspecified = 0,
  kMissedAppointments = 1,
  kContractNotSigned = 2,
  kActionsNotDone = 3,
};
enum class ProcedureStatus {
  kUnspecified = 0,
  kOpened = 1,
  kNotified = 2,
  kHearing = 3,
  kDecided = 4,
  kSanctioned = 5,
  kClosed = 6,
  kCancelled = 7,
};
inline constexpr ProcedureStatus kAllProcedureStatuses[] = {
    ProcedureStatus::kOpened,     ProcedureStatus::kNotified, ProcedureStatus::kHearing,
    ProcedureStatus::kDecided,    ProcedureStatus::kSanctioned, ProcedureStatus::kClosed,
    ProcedureStatus::kCancelled};

enum class DecisionKind {
  kUnspecified = 0,
  kMaintain = 1,
  kReduction = 2,
  kSuspension = 3,
  kSuspensionRemobilisation = 4,
};

enum class DeadlineKind { kUnspecified = 0, kSignature = 1, kReview = 2, kRenewal = 3, kProcedureResponse = 4 };

// Upper-case names (SQL columns, events, messages): "CER_SOCIAL", "ACTIVE", ...
const char* Name(ContractKind k);
const char* Name(ContractStatus s);
const char* Name(OrientationType t);
const char* Name(ObjectiveStatus s);
const char* Name(ActionStatus s);
const char* Name(Party p);
const char* Name(BreachKind k);
const char* Name(ProcedureStatus s);
const char* Name(DecisionKind k);
const char* Name(DeadlineKind k);
// The reverse; kUnspecified for an unknown name.
ContractKind ContractKindFromName(std::string_view name);
ContractStatus ContractStatusFromName(std::string_view name);
OrientationType OrientationTypeFromName(std::string_view name);
ObjectiveStatus ObjectiveStatusFromName(std::string_view name);
ActionStatus ActionStatusFromName(std::string_view name);
Party PartyFromName(std::string_view name);
BreachKind BreachKindFromName(std::string_view name);
ProcedureStatus ProcedureStatusFromName(std::string_view name);
DecisionKind DecisionKindFromName(std::string_view name);

struct Objective {
  std::string id;
  std::string title;
  std::string theme;
  ObjectiveStatus status = ObjectiveStatus::kInProgress;
};

struct Action {
  std::string id;
  std::string objective_id;
  std::string title;
  std::string offer_id;
  std::string prescription_id;
  ActionStatus status = ActionStatus::kPlanned;
  std::optional<absl::CivilDay> due_date;
};

struct Signature {
  Party party = Party::kUnspecified;
  std::string signed_by;
  absl::Time signed_at;
};

struct Review {
  std::string id;
  absl::CivilDay review_date;
  std::string summary;
  absl::CivilDay next_review_date;
  std::string recorded_by;
  absl::Time recorded_at;
};

// What orientation says about a beneficiary (see clients/orientation_directory.h).
struct OrientationInfo {
  std::string beneficiary_id;
  bool oriented = false;
  std::string decision_id;
  OrientationType type = OrientationType::kUnspecified;
  absl::CivilDay decided_on;
  std::string referent_id;
  std::string tad;
  std::string mds;
  bool subject_to_rights_and_duties = false;
  bool exited = false;
};

struct Contract {
  std::string id;
  std::string request_id;
  std::string beneficiary_id;
  std::string referent_id;
  ContractKind kind = ContractKind::kUnspecified;
  ContractStatus status = ContractStatus::kDraft;
  std::string orientation_decision_id;
  OrientationType orientation_type = OrientationType::kUnspecified;
  absl::CivilDay orientation_date;
  std::string tad;
  std::string mds;
  absl::CivilDay start_date;
  absl::CivilDay end_date;  // the last day in force
  int weekly_hours = 0;
  std::string reduced_hours_reason;
  std::optional<absl::CivilDay> return_to_work_date;
  std::string insertion_project;
  std::vector<Objective> objectives;
  std::vector<Action> actions;
  std::vector<Signature> signatures;
  std::vector<Review> reviews;
  std::optional<absl::CivilDay> next_review_date;
  absl::CivilDay renewal_due_date;               // from the rules and end_date
  std::optional<absl::CivilDay> activated_on;    // the day it came into force
  std::optional<absl::CivilDay> ended_on;        // the day it left force
  std::string renewal_of;
  std::string status_reason;
  int64_t version = 1;
  absl::Time create_time;
  absl::Time update_time;

  bool SignedBy(Party p) const {
    for (const Signature& s : signatures) {
      if (s.party == p) return true;
    }
    return false;
  }
};

struct Breach {
  BreachKind kind = BreachKind::kUnspecified;
  std::string description;
  bool detected = false;
  std::string source_event_id;
  std::string contract_id;
};

struct Decision {
  DecisionKind kind = DecisionKind::kUnspecified;
  int percent = 0;
  int months = 0;
  std::string ep_opinion;
  std::string motivation;
  std::optional<absl::CivilDay> remobilisation_deadline;
};

struct ProcedureStep {
  ProcedureStatus status = ProcedureStatus::kUnspecified;
  std::string by;
  absl::Time at;
  std::string note;
};

struct SanctionProcedure {
  std::string id;
  std::string request_id;
  std::string beneficiary_id;
  std::string tad;
  std::string referent_id;
  Breach breach;
  ProcedureStatus status = ProcedureStatus::kOpened;
  std::optional<absl::CivilDay> notified_on;
  std::optional<absl::CivilDay> response_due_date;
  std::string observations;
  std::optional<Decision> decision;
  bool re_engaged = false;
  bool withheld_repaid = false;
  std::vector<ProcedureStep> steps;
  int64_t version = 1;
  absl::Time create_time;
  absl::Time update_time;
};

}  // namespace parcours::contracts

#endif  // PARCOURS_SERVICES_CONTRACTS_DOMAIN_MODEL_H_
