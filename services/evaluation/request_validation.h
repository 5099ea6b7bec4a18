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
#include "libs/paging/page_token.h"
#include "parcours/evaluation/v1/evaluation.pb.h"
#include "services/evaluation/domain/bilan.h"
#include "services/evaluation/domain/period.h"
#include "services/evaluation/store/report_queries.h"

namespace parcours::evaluation {

inline constexpr int kMaxCohortMonths = 36;
inline constexpr int kMaxPageSize = paging::kMaxPageSize;

absl::StatusOr<Period> ParseBilanPeriod(int year, int month, const std::string& prefix);
absl::StatusOr<std::pair<absl::CivilMonth, absl::CivilMonth>> ParseMonthRange(
    const std::string& from, const std::string& to, const std::string& prefix);
// A page of offer evaluations to read, and its paging (the next token is the page's
// NextToken of the last offer id).
struct OfferListing {
  OfferQuery query;
  paging::Page page;
};
absl::StatusOr<OfferListing> ParseOfferQuery(const v1::ListOfferEvaluationsRequest& req,
                                             const std::string& prefix);

// The caller's TADs ("*" = the whole Département).
TerritoryScope ScopeOf(const auth::Principal& principal);

}  // namespace parcours::evaluation

#endif  // PARCOURS_SERVICES_EVALUATION_REQUEST_VALIDATION_H_
