// A Fact is one event of a feed as the projections understand it: the envelope's
// pseudonymous beneficiary, territory and day, plus the few payload fields the event's
// kind needs (filled by the per-source adapters, services/evaluation/adapters/). Facts are
// plain data: no protobuf, no SQL.
//
//   Fact f{.kind = FactKind::kOriented, .beneficiary_id = "ben_1", .tad = "TAD-EST",
//          .day = absl::CivilDay(2024, 3, 2), .orientation_type = "SOCIAL"};
#ifndef PARCOURS_SERVICES_EVALUATION_DOMAIN_FACT_H_
#define PARCOURS_SERVICES_EVALUATION_DOMAIN_FACT_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/time/civil_time.h"

namespace parcours::evaluation {

enum class FactKind {
  // orientation
  kBeneficiaryEntered,
  kRightsAndDutiesChanged,
  kConvened,
  kOriented,    // initial decision
  kReoriented,  // later decision: changes the orientation type, not the first date
  kBeneficiaryExited,
  // catalogue
  kOfferChanged,
  kPrescriptionCreated,
  kPrescriptionAccepted,
  kPrescriptionRefused,
  kPrescriptionStarted,
  kPrescriptionCompleted,
  kPrescriptionAbandoned,
  kPrescriptionCancelled,
  // contracts
  kContractActivated,
  kContractEnded,
  // fraud
  kFraudCaseOpened,
  kFraudCaseChanged,
};

// Stable lower-case name, stored in the timeline ("oriented", "contract_activated"...).
const char* FactKindName(FactKind kind);

struct Fact {
  FactKind kind = FactKind::kBeneficiaryEntered;
  std::string source;    // producing service
  int64_t sequence = 0;  // position in its feed
  std::string aggregate_id;
  std::string beneficiary_id;  // pseudonymous; empty for offers
  std::string tad;
  std::string mds;
  absl::CivilDay day;  // occurred_at in the legal time zone

  // orientation
  std::optional<absl::CivilDay> entry_date;
  std::optional<bool> subject_to_rights_and_duties;
  std::string orientation_type;  // PROFESSIONAL | SOCIO_PROFESSIONAL | SOCIAL | ""
  std::optional<absl::CivilDay> exit_date;
  bool exit_to_employment = false;
  // catalogue
  std::string offer_id;
  std::string structure_id;
  std::string pdi_fiche;
  int64_t places = 0;
  int64_t budget_cents = 0;
  std::string outcome;  // EMPLOYMENT_CDI ... NONE, "" when not exited
  bool positive_exit = false;
  // contracts
  std::string contract_kind;  // CER_SOCIAL ... PACK_SORTIE
  // fraud (running totals of the case)
  bool qualified_fraud = false;
  int64_t overpayment_cents = 0;
  int64_t fine_cents = 0;
  int64_t recovered_cents = 0;
  int year_opened = 0;
};

}  // namespace parcours::evaluation

#endif  // PARCOURS_SERVICES_EVALUATION_DOMAIN_FACT_H_
