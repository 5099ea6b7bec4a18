// What the evaluation service does, without gRPC: the bilan, cohorts, offer evaluations
// and surveys over the projections, for a caller's territorial scope. Handlers
// (service.cc) authorise, validate and map; this class is called from tests in a line.
//
//   Evaluator evaluator(db, catalog, config, Clock::Real());
//   ASSIGN_OR_RETURN(BilanTable t, evaluator.Bilan(Period::Year(2024), "", TerritoryScope{}));
#ifndef PARCOURS_SERVICES_EVALUATION_EVALUATOR_H_
#define PARCOURS_SERVICES_EVALUATION_EVALUATOR_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "libs/common/clock.h"
#include "libs/storage/database.h"
#include "services/evaluation/domain/bilan.h"
#include "services/evaluation/domain/cohort.h"
#include "services/evaluation/domain/indicator_catalog.h"
#include "services/evaluation/domain/offer_evaluation.h"
#include "services/evaluation/domain/secrecy.h"
#include "services/evaluation/domain/survey.h"
#include "services/evaluation/evaluation_config.h"
#include "services/evaluation/store/report_queries.h"
#include "services/evaluation/store/survey_store.h"

namespace parcours::evaluation {

class Evaluator {
 public:
  // `db`, `catalog` and `clock` must outlive the evaluator.
  Evaluator(storage::Database& db, const IndicatorCatalog& catalog, const EvaluationConfig& config,
            const Clock& clock);

  const Secrecy& secrecy() const { return secrecy_; }
  const IndicatorCatalog& catalog() const { return catalog_; }
  const Clock& clock() const { return clock_; }

  absl::StatusOr<BilanTable> Bilan(const Period& period, std::string_view fiche,
                                   const TerritoryScope& scope);
  absl::StatusOr<std::vector<CohortFigures>> Cohorts(absl::CivilMonth from, absl::CivilMonth to,
                                                     const TerritoryScope& scope);
  absl::StatusOr<OfferPage> Offers(const OfferQuery& query, const TerritoryScope& scope);

  absl::StatusOr<Survey> CreateSurvey(const std::string& request_id, const SurveyDraft& draft);
  // `respondent` is the beneficiary's pseudonymous id (beneficiaries surveys) or the
  // caller's subject (professionals surveys). FAILED_PRECONDITION when a beneficiary did
  // not take part in the offer; ALREADY_EXISTS when the respondent answered already.
  absl::StatusOr<SurveyReceipt> Respond(const std::string& request_id, const Survey& survey,
                                        const std::string& respondent,
                                        const std::vector<int>& scores,
                                        const SurveyStore::WriteHook& on_write = nullptr);
  absl::StatusOr<Survey> GetSurvey(const std::string& id) { return surveys_.Get(id); }
  absl::StatusOr<SurveyStats> SurveyResults(const Survey& survey) { return surveys_.Stats(survey); }

 private:
  storage::Database& db_;
  const IndicatorCatalog& catalog_;
  const Secrecy secrecy_;
  const CohortRules cohort_rules_;
  const std::string respondent_key_;
  const Clock& clock_;
  SurveyStore surveys_;
};

}  // namespace parcours::evaluation

#endif  // PARCOURS_SERVICES_EVALUATION_EVALUATOR_H_
