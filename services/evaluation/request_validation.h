// Request checks shared by the handlers and the CSV export: each returns the parsed
// value or INVALID_ARGUMENT naming the field under `prefix` ("bilan.year" inside an
// ExportCsvRequest, "year" in a GetBilanRequest).
//
//   ASSIGN_OR_RETURN(Period period, ParseBilanPeriod(req.year(), req.month(), ""));
#ifndef PARCOURS_SERVICES_EVALUATION_REQUEST_VALIDATION_H_
#define PARCOURS_SERVICES_EVALUATION_REQUEST_VALIDATION_H_

#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "libs/auth/principal.h"
#include "services/evaluation/domain/bilan.h"
#include "services/evaluation/domain/period.h"
#include "services/evaluation/store/report_queries.h"

namespace parcours::evaluation {

inline constexpr int kMaxCohortMonths = 36;
inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 500;

absl::StatusOr<Period> ParseBilanPeriod(int year, int month, const std::string& prefix);
absl::StatusOr<std::pair<absl::CivilMonth, absl::CivilMonth>> ParseMonthRange(
    const std::string& from, const std::string& to, const std::string& prefix);
// page_token is the web-safe base64 of the last offer id of the previous page.
absl::StatusOr<OfferQuery> ParseOfferQuery(int year, int page_size, const std::string& page_token,
                                           const std::string& prefix);
std::string OfferPageToken(const std::string& last_offer_id);

// The caller's TADs ("*" = the whole Département).
TerritoryScope ScopeOf(const auth::Principal& principal);

}  // namespace parcours::evaluation

#endif  // PARCOURS_SERVICES_EVALUATION_REQUEST_VALIDATION_H_
