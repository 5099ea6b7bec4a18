#include "services/catalogue/domain/lifecycle.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace parcours::catalogue {
namespace {

absl::Status Forbidden(const char* verb, const std::string& what, const std::string& from,
                       const std::string& to) {
  return absl::FailedPreconditionError(absl::StrCat("cannot ", verb, " ", what, " that is ", from,
                                                    " (from ", from, " to ", to, ")"));
}

}  // namespace

std::string OfferStatusName(v1::OfferStatus s) {
  return absl::StrReplaceAll(v1::OfferStatus_Name(s), {{"OFFER_STATUS_", ""}});
}
std::string PrescriptionStatusName(v1::PrescriptionStatus s) {
  return absl::StrReplaceAll(v1::PrescriptionStatus_Name(s), {{"PRESCRIPTION_STATUS_", ""}});
}
std::string StructureStatusName(v1::StructureStatus s) {
  return absl::StrReplaceAll(v1::StructureStatus_Name(s), {{"STRUCTURE_STATUS_", ""}});
}
v1::OfferStatus OfferStatusFromName(const std::string& name) {
  v1::OfferStatus s = v1::OFFER_STATUS_UNSPECIFIED;
  v1::OfferStatus_Parse("OFFER_STATUS_" + name, &s);
  return s;
}
v1::PrescriptionStatus PrescriptionStatusFromName(const std::string& name) {
  v1::PrescriptionStatus s = v1::PRESCRIPTION_STATUS_UNSPECIFIED;
  v1::PrescriptionStatus_Parse("PRESCRIPTION_STATUS_" + name, &s);
  return s;
}
v1::StructureStatus StructureStatusFromName(const std::string& name) {
  v1::StructureStatus s = v1::STRUCTURE_STATUS_UNSPECIFIED;
  v1::StructureStatus_Parse("STRUCTURE_STATUS_" + name, &s);
  return s;
}

const char* OfferActionVerb(OfferAction a) {
  switch (a) {
    case OfferAction::kPublish:
      return "published";
    case OfferAction::kSuspend:
      return "suspended";
    case OfferAction::kArchive:
      return "archived";
  }
  return "changed";
}

const char* PrescriptionActionVerb(PrescriptionAction a) {
  switch (a) {
    case PrescriptionAction::kAccept:
      return "accepted";
    case PrescriptionAction::kRefuse:
      return "refused";
    case PrescriptionAction::kStart:
      return "started";
    case PrescriptionAction::kComplete:
      return "completed";
    case PrescriptionAction::kAbandon:
      return "abandoned";
    case PrescriptionAction::kCancel:
      return "cancelled";
  }
  return "changed";
}

absl::StatusOr<v1::OfferStatus> NextOfferStatus(v1::OfferStatus from, OfferAction action) {
  v1::OfferStatus to = v1::OFFER_STATUS_UNSPECIFIED;
  bool allowed = false;
  switch (action) {
    case OfferAction::kPublish:
      to = v1::OFFER_STATUS_PUBLISHED;
      allowed = from == v1::OFFER_STATUS_DRAFT || from == v1::OFFER_STATUS_SUSPENDED;
      break;
    case OfferAction::kSuspend:
      to = v1::OFFER_STATUS_SUSPENDED;
      allowed = from == v1::OFFER_STATUS_PUBLISHED;
      break;
    case OfferAction::kArchive:
      to = v1::OFFER_STATUS_ARCHIVED;
      allowed = from == v1::OFFER_STATUS_DRAFT || from == v1::OFFER_STATUS_PUBLISHED ||
                from == v1::OFFER_STATUS_SUSPENDED;
      break;
  }
  if (!allowed) {
    const char* verb = action == OfferAction::kPublish   ? "publish"
                       : action == OfferAction::kSuspend ? "suspend"
                                                         : "archive";
    return Forbidden(verb, "an offer", OfferStatusName(from), OfferStatusName(to));
  }
  return to;
}

absl::StatusOr<v1::PrescriptionStatus> NextPrescriptionStatus(v1::PrescriptionStatus from,
                                                              PrescriptionAction action) {
  using S = v1::PrescriptionStatus;
  S to = v1::PRESCRIPTION_STATUS_UNSPECIFIED;
  bool allowed = false;
  const char* verb = "change";
  switch (action) {
    case PrescriptionAction::kAccept:
      verb = "accept";
      to = v1::PRESCRIPTION_STATUS_ACCEPTED;
      allowed = from == v1::PRESCRIPTION_STATUS_PRESCRIBED;
      break;
    case PrescriptionAction::kRefuse:
      verb = "refuse";
      to = v1::PRESCRIPTION_STATUS_REFUSED;
      allowed = from == v1::PRESCRIPTION_STATUS_PRESCRIBED;
      break;
    case PrescriptionAction::kStart:
      verb = "start";
      to = v1::PRESCRIPTION_STATUS_STARTED;
      allowed = from == v1::PRESCRIPTION_STATUS_ACCEPTED;
      break;
    case PrescriptionAction::kComplete:
      verb = "complete";
      to = v1::PRESCRIPTION_STATUS_COMPLETED;
      allowed = from == v1::PRESCRIPTION_STATUS_STARTED;
      break;
    case PrescriptionAction::kAbandon:
      verb = "abandon";
      to = v1::PRESCRIPTION_STATUS_ABANDONED;
      allowed = from == v1::PRESCRIPTION_STATUS_STARTED;
      break;
    case PrescriptionAction::kCancel:
      verb = "cancel";
      to = v1::PRESCRIPTION_STATUS_CANCELLED;
      allowed =
          from == v1::PRESCRIPTION_STATUS_PRESCRIBED || from == v1::PRESCRIPTION_STATUS_ACCEPTED;
      break;
  }
  if (!allowed) {
    return Forbidden(verb, "a prescription", PrescriptionStatusName(from),
                     PrescriptionStatusName(to));
  }
  return static_cast<S>(to);
}

absl::StatusOr<v1::StructureStatus> CloseStructureStatus(v1::StructureStatus from) {
  if (from != v1::STRUCTURE_STATUS_ACTIVE) {
    return Forbidden("close", "a structure", StructureStatusName(from),
                     StructureStatusName(v1::STRUCTURE_STATUS_CLOSED));
  }
  return v1::STRUCTURE_STATUS_CLOSED;
}

bool HoldsPlace(v1::PrescriptionStatus status) {
  return status == v1::PRESCRIPTION_STATUS_ACCEPTED || status == v1::PRESCRIPTION_STATUS_STARTED ||
         status == v1::PRESCRIPTION_STATUS_COMPLETED || status == v1::PRESCRIPTION_STATUS_ABANDONED;
}

bool IsPositiveExit(v1::ExitOutcome outcome) {
  switch (outcome) {
    case v1::EXIT_OUTCOME_EMPLOYMENT_CDI:
    case v1::EXIT_OUTCOME_EMPLOYMENT_CDD_6_MONTHS_OR_MORE:
    case v1::EXIT_OUTCOME_TRAINING:
    case v1::EXIT_OUTCOME_BUSINESS_CREATION:
      return true;
    default:
      return false;
  }
}

}  // namespace parcours::catalogue
