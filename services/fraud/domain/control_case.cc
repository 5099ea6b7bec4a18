#include "services/fraud/domain/control_case.h"

#include "absl/strings/str_cat.h"

namespace parcours::fraud {
namespace {

constexpr const char* kStatusNames[kCaseStatusCount] = {
    "DETECTED",        "ASSIGNED",  "UNDER_CONTROL", "QUALIFIED_FRAUD",
    "QUALIFIED_ERROR", "UNFOUNDED", "CLOSED"};

struct Step {
  CaseStatus from, to;
};
// The whole life of a case; anything not listed is refused.
constexpr Step kSteps[] = {
    {CaseStatus::kDetected, CaseStatus::kAssigned},
    {CaseStatus::kAssigned, CaseStatus::kUnderControl},
    {CaseStatus::kUnderControl, CaseStatus::kQualifiedFraud},
    {CaseStatus::kUnderControl, CaseStatus::kQualifiedError},
    {CaseStatus::kUnderControl, CaseStatus::kUnfounded},
    {CaseStatus::kQualifiedFraud, CaseStatus::kClosed},
    {CaseStatus::kQualifiedError, CaseStatus::kClosed},
    {CaseStatus::kUnfounded, CaseStatus::kClosed},
};

}  // namespace

const char* CaseStatusName(CaseStatus s) { return kStatusNames[static_cast<int>(s)]; }

std::optional<CaseStatus> ParseCaseStatus(const std::string& name) {
  for (int i = 0; i < kCaseStatusCount; ++i) {
    if (name == kStatusNames[i]) return static_cast<CaseStatus>(i);
  }
  return std::nullopt;
}

const char* QualificationName(Qualification q) {
  switch (q) {
    case Qualification::kFraud:
      return "FRAUD";
    case Qualification::kError:
      return "ERROR";
    case Qualification::kUnfounded:
      return "UNFOUNDED";
    case Qualification::kNone:
      break;
  }
  return "";
}

Qualification ParseQualification(const std::string& name) {
  if (name == "FRAUD") return Qualification::kFraud;
  if (name == "ERROR") return Qualification::kError;
  if (name == "UNFOUNDED") return Qualification::kUnfounded;
  return Qualification::kNone;
}

bool IsAllowedTransition(CaseStatus from, CaseStatus to) {
  for (const Step& s : kSteps) {
    if (s.from == from && s.to == to) return true;
  }
  return false;
}

absl::Status CheckTransition(CaseStatus from, CaseStatus to) {
  if (IsAllowedTransition(from, to)) return absl::OkStatus();
  return absl::FailedPreconditionError(
      absl::StrCat("a case cannot go from ", CaseStatusName(from), " to ", CaseStatusName(to)));
}

CaseStatus StatusForQualification(Qualification q) {
  switch (q) {
    case Qualification::kFraud:
      return CaseStatus::kQualifiedFraud;
    case Qualification::kError:
      return CaseStatus::kQualifiedError;
    default:
      return CaseStatus::kUnfounded;
  }
}

absl::StatusOr<CaseStatus> StatusAfterAssignment(CaseStatus current) {
  if (current == CaseStatus::kAssigned || current == CaseStatus::kUnderControl) return current;
  absl::Status s = CheckTransition(current, CaseStatus::kAssigned);
  if (!s.ok()) return s;
  return CaseStatus::kAssigned;
}

absl::Status CheckAnswerAllowed(CaseStatus current) {
  if (current == CaseStatus::kUnderControl || current == CaseStatus::kQualifiedFraud ||
      current == CaseStatus::kQualifiedError) {
    return absl::OkStatus();
  }
  return absl::FailedPreconditionError(
      absl::StrCat("an answer is recorded during the control or after a qualification, not in ",
                   CaseStatusName(current)));
}

absl::Status CheckRecoveryAllowed(CaseStatus current, Qualification qualification) {
  const bool owed =
      qualification == Qualification::kFraud || qualification == Qualification::kError;
  if (owed && (current == CaseStatus::kQualifiedFraud || current == CaseStatus::kQualifiedError ||
               current == CaseStatus::kClosed)) {
    return absl::OkStatus();
  }
  return absl::FailedPreconditionError(absl::StrCat("nothing is owed on a case in ",
                                                    CaseStatusName(current),
                                                    ": recovery needs a qualification "
                                                    "of fraud or error"));
}

const char* MetricsStatusLabel(CaseStatus s) {
  switch (s) {
    case CaseStatus::kDetected:
    case CaseStatus::kAssigned:
      return "opened";
    case CaseStatus::kUnderControl:
      return "investigating";
    case CaseStatus::kQualifiedFraud:
    case CaseStatus::kQualifiedError:
      return "confirmed";
    case CaseStatus::kUnfounded:
      return "dismissed";
    case CaseStatus::kClosed:
      return "closed";
  }
  return "opened";
}

}  // namespace parcours::fraud
