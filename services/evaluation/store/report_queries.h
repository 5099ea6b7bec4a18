// Reads behind the cohort and offer reports: the entrants of a range of months with
// their milestones, and per-offer counts from the prescriptions and survey responses.
// Both are bounded: cohorts by the range (at most 36 months of entrants), offers by the
// page size.
//
//   ASSIGN_OR_RETURN(auto members, LoadCohortMembers(db, from, to, scope));
//   ASSIGN_OR_RETURN(OfferPage page, LoadOfferStats(db, {.year = 2024, .page_size = 50}, scope));
#ifndef PARCOURS_SERVICES_EVALUATION_STORE_REPORT_QUERIES_H_
#define PARCOURS_SERVICES_EVALUATION_STORE_REPORT_QUERIES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "libs/storage/database.h"
#include "services/evaluation/domain/bilan.h"
#include "services/evaluation/domain/cohort.h"
#include "services/evaluation/domain/offer_evaluation.h"

namespace parcours::evaluation {

absl::StatusOr<std::vector<CohortMember>> LoadCohortMembers(storage::Database& db,
                                                            absl::CivilMonth from,
                                                            absl::CivilMonth to,
                                                            const TerritoryScope& scope);

struct OfferQuery {
  int year = 0;  // prescriptions created that year; 0 = all
  int page_size = 50;
  std::string after_offer_id;  // pagination: offers sorted by id
};

struct OfferPage {
  std::vector<OfferStats> offers;
  bool more = false;
};

// Offers with at least one prescription in the year and scope, by offer id.
absl::StatusOr<OfferPage> LoadOfferStats(storage::Database& db, const OfferQuery& query,
                                         const TerritoryScope& scope);

}  // namespace parcours::evaluation

#endif  // PARCOURS_SERVICES_EVALUATION_STORE_REPORT_QUERIES_H_
