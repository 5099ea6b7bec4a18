// A control case and the rules of its life: DETECTED → ASSIGNED → UNDER_CONTROL →
// QUALIFIED_FRAUD | QUALIFIED_ERROR | UNFOUNDED → CLOSED. Scoring only ever opens a case
// (DETECTED); every later step is a person's decision, and qualifications and fines carry
// the controller who took them. Nothing here touches storage: the store applies a
// transition with a conditional update on the status and version it was checked against.
//
//   RETURN_IF_ERROR(CheckTransition(CaseStatus::kAssigned, CaseStatus::kUnderControl));
//   ASSIGN_OR_RETURN(CaseStatus next, StatusForQualification(Qualification::kFraud));
#ifndef PARCOURS_SERVICES_FRAUD_DOMAIN_CONTROL_CASE_H_
#define PARCOURS_SERVICES_FRAUD_DOMAIN_CONTROL_CASE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace parcours::fraud {

enum class CaseStatus {
  kDetected,
  kAssigned,
  kUnderControl,
  kQualifiedFraud,
  kQualifiedError,
  kUnfounded,
  kClosed,
};
inline constexpr int kCaseStatusCount = 7;

enum class Qualification { kNone, kFraud, kError, kUnfounded };

const char* CaseStatusName(CaseStatus s);  // "DETECTED", ... (stored as such)
std::optional<CaseStatus> ParseCaseStatus(const std::string& name);
const char* QualificationName(Qualification q);  // "", "FRAUD", "ERROR", "UNFOUNDED"
Qualification ParseQualification(const std::string& name);

// A case as the service keeps it. Amounts in cents; civil dates; ids pseudonymous.
struct ControlCase {
  std::string id;
  std::string household_id;
  std::string beneficiary_id;
  std::string tad;
  CaseStatus status = CaseStatus::kDetected;
  int year_opened = 0;
  int score_at_opening = 0;
  std::string rule_set_version;
  std::vector<std::string> fired_rule_ids;
  std::string assigned_to;
  std::string answer_text;
  std::optional<absl::CivilDay> answer_received_on;
  Qualification qualification = Qualification::kNone;
  std::string qualified_by;
  int year_qualified = 0;
  int64_t overpayment_cents = 0;
  std::optional<absl::CivilDay> overpayment_from, overpayment_to;
  int64_t fine_cents = 0;
  std::optional<absl::CivilDay> fine_facts_date;
  bool fine_repeat = false;
  int64_t fine_cap_cents = 0;
  std::string fine_reference;
  std::string fine_decided_by;
  int64_t recovered_overpayment_cents = 0;
  int64_t recovered_fine_cents = 0;
  absl::Time opened_at, updated_at;
  int64_t version = 1;
};

struct RecoveryPayment {
  std::string request_id;
  bool fine = false;  // false: overpayment
  int64_t amount_cents = 0;
  absl::CivilDay paid_on;
};

// Whether `from` → `to` is a step of the case's life.
bool IsAllowedTransition(CaseStatus from, CaseStatus to);

// OK, or FAILED_PRECONDITION naming both statuses.
absl::Status CheckTransition(CaseStatus from, CaseStatus to);

// The status a qualification leads to.
CaseStatus StatusForQualification(Qualification q);

// Assignment: DETECTED → ASSIGNED, or a change of controller while ASSIGNED or
// UNDER_CONTROL (the status stays). FAILED_PRECONDITION otherwise.
absl::StatusOr<CaseStatus> StatusAfterAssignment(CaseStatus current);

// The beneficiary may answer during the control and after a qualification (observations
// on the overpayment or the planned fine).
absl::Status CheckAnswerAllowed(CaseStatus current);

// Recovery applies to what a qualification made owed.
absl::Status CheckRecoveryAllowed(CaseStatus current, Qualification qualification);

// The label of the monitoring gauge parcours_fraud_cases{status} (deploy/metrics-catalog.md
// names five values; several statuses share one).
const char* MetricsStatusLabel(CaseStatus s);

}  // namespace parcours::fraud

#endif  // PARCOURS_SERVICES_FRAUD_DOMAIN_CONTROL_CASE_H_
