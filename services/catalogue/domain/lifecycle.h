// The state machines of the catalogue: an offer's status, a structure's status and a
// prescription's status, with the transitions each custom method may make, and the
// "sortie positive" derived from an exit outcome.
//
//   DRAFT ──Publish──► PUBLISHED ──Suspend──► SUSPENDED ──Publish──► PUBLISHED
//     └──────────────────┴──────Archive──────────┴──► ARCHIVED (final)
//
//   PRESCRIBED ─Accept─► ACCEPTED ─Start─► STARTED ─Complete─► COMPLETED
//       │  └─Refuse─► REFUSED     │                  └─Abandon──► ABANDONED
//       └──────Cancel─────────────┴─Cancel─► CANCELLED
//
//   absl::Status s = CheckPrescriptionTransition(PRESCRIPTION_STATUS_PRESCRIBED,
//                                                PrescriptionAction::kStart);
//   // FAILED_PRECONDITION "cannot start a prescription that is PRESCRIBED (from PRESCRIBED to
//   STARTED)"
#ifndef PARCOURS_SERVICES_CATALOGUE_DOMAIN_LIFECYCLE_H_
#define PARCOURS_SERVICES_CATALOGUE_DOMAIN_LIFECYCLE_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "parcours/catalogue/v1/catalogue.pb.h"

namespace parcours::catalogue {

enum class OfferAction { kPublish, kSuspend, kArchive };
enum class PrescriptionAction { kAccept, kRefuse, kStart, kComplete, kAbandon, kCancel };

// The status an action leads to, or FAILED_PRECONDITION naming the current and target
// status when the action is not allowed from `from`.
absl::StatusOr<v1::OfferStatus> NextOfferStatus(v1::OfferStatus from, OfferAction action);
absl::StatusOr<v1::PrescriptionStatus> NextPrescriptionStatus(v1::PrescriptionStatus from,
                                                              PrescriptionAction action);
absl::StatusOr<v1::StructureStatus> CloseStructureStatus(v1::StructureStatus from);

// Whether a prescription in `status` holds one of its offer's or session's places
// (accepted and not yet released). Cancelling an ACCEPTED prescription gives it back;
// STARTED, COMPLETED and ABANDONED keep it (the place was used).
bool HoldsPlace(v1::PrescriptionStatus status);

// A "sortie positive": employment (CDI or CDD of 6 months or more), training or business
// creation. A CDD under 6 months, another offer or nothing is not.
bool IsPositiveExit(v1::ExitOutcome outcome);

// "PUBLISHED", "ACCEPTED", … (the enum name without its prefix), for messages and SQL.
std::string OfferStatusName(v1::OfferStatus s);
std::string PrescriptionStatusName(v1::PrescriptionStatus s);
std::string StructureStatusName(v1::StructureStatus s);
// The reverse; UNSPECIFIED for an unknown name.
v1::OfferStatus OfferStatusFromName(const std::string& name);
v1::PrescriptionStatus PrescriptionStatusFromName(const std::string& name);
v1::StructureStatus StructureStatusFromName(const std::string& name);

// Event type suffixes: "published", "accepted", …
const char* OfferActionVerb(OfferAction a);
const char* PrescriptionActionVerb(PrescriptionAction a);

}  // namespace parcours::catalogue

#endif  // PARCOURS_SERVICES_CATALOGUE_DOMAIN_LIFECYCLE_H_
