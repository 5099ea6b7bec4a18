// Validation of what callers send, before anything is written: each bad field is reported
// by its path in the request ("offer.sessions[1].places"), all at once, as
// google.rpc.BadRequest field violations (libs/errors). Output-only fields (id, etag,
// status, places_taken, times) are ignored, never rejected.
//
//   errors::FieldViolations v;
//   ValidateRequestId(request.request_id(), v);
//   ValidateOffer(request.offer(), ref, "offer", v);
//   RETURN_IF_ERROR(v.ToStatus());
#ifndef PARCOURS_SERVICES_CATALOGUE_DOMAIN_VALIDATION_H_
#define PARCOURS_SERVICES_CATALOGUE_DOMAIN_VALIDATION_H_

#include <string>
#include <vector>

#include "google/protobuf/field_mask.pb.h"
#include "libs/errors/field_violations.h"
#include "parcours/catalogue/v1/catalogue.pb.h"
#include "services/catalogue/domain/reference_data.h"

namespace parcours::catalogue {

inline constexpr int kMaxRequestIdLength = 64;
inline constexpr int kMaxIdLength = 64;

// Required, 1..64 printable ASCII characters.
void ValidateRequestId(const std::string& request_id, errors::FieldViolations& v);
// Required (when `required`), 1..64 characters of [A-Za-z0-9_-].
void ValidateId(const std::string& id, const std::string& field, bool required,
                errors::FieldViolations& v);
// An etag is the decimal row version; required on updates and state changes.
void ValidateEtag(const std::string& etag, const std::string& field, errors::FieldViolations& v);
// The row version an etag stands for (0 when malformed; validate first).
int64_t EtagVersion(const std::string& etag);

void ValidateStructure(const v1::Structure& s, const ReferenceData& ref, const std::string& prefix,
                       errors::FieldViolations& v);
void ValidateOffer(const v1::Offer& o, const ReferenceData& ref, const std::string& prefix,
                   errors::FieldViolations& v);
void ValidateTerritories(const v1::Territories& t, const ReferenceData& ref,
                         const std::string& prefix, errors::FieldViolations& v);
// For CreatePrescription: beneficiary_id, offer_id, territory (TAD and MDS), optional
// session_id, contract_id and commune.
void ValidateNewPrescription(const v1::Prescription& p, const ReferenceData& ref,
                             const std::string& prefix, errors::FieldViolations& v);
void ValidateProfile(const v1::BeneficiaryProfile& p, const ReferenceData& ref,
                     const std::string& prefix, errors::FieldViolations& v);
void ValidateSearch(const v1::SearchOffersRequest& r, const ReferenceData& ref,
                    errors::FieldViolations& v);
void ValidateDateRange(const parcours::common::v1::DateRange& r, const std::string& prefix,
                       bool bounds_required, errors::FieldViolations& v);

// Paths an UpdateStructure / UpdateOffer mask may name (top-level fields that callers own).
const std::vector<std::string>& UpdatableStructurePaths();
const std::vector<std::string>& UpdatableOfferPaths();
// Every path must be one of `allowed`; an empty mask is refused (name what you change).
void ValidateUpdateMask(const google::protobuf::FieldMask& mask,
                        const std::vector<std::string>& allowed, errors::FieldViolations& v);

}  // namespace parcours::catalogue

#endif  // PARCOURS_SERVICES_CATALOGUE_DOMAIN_VALIDATION_H_
