#include "services/evaluation/evaluator.h"

#include "absl/strings/str_cat.h"
#include "libs/auth/token_verifier.h"
#include "libs/common/status_macros.h"
#include "services/evaluation/store/selectors.h"

namespace parcours::evaluation {

Evaluator::Evaluator(storage::Database& db, const IndicatorCatalog& catalog,
                     const EvaluationConfig& config, const Clock& clock)
    : db_(db),
      catalog_(catalog),
      secrecy_(config.secrecy_k),
      cohort_rules_(config.cohort_rules),
      respondent_key_(config.respondent_key),
      clock_(clock),
      surveys_(db) {}

absl::StatusOr<BilanTable> Evaluator::Bilan(const Period& period, std::string_view fiche,
                                            const TerritoryScope& scope) {
  SqlSampleSource samples(db_);
  return ComputeBilan(catalog_, samples, secrecy_, period, scope, fiche);
}

absl::StatusOr<std::vector<CohortFigures>> Evaluator::Cohorts(absl::CivilMonth from,
                                                              absl::CivilMonth to,
                                                              const TerritoryScope& scope) {
  ASSIGN_OR_RETURN(std::vector<CohortMember> members, LoadCohortMembers(db_, from, to, scope));
  return BuildCohorts(from, to, members, cohort_rules_, clock_.Today());
}

absl::StatusOr<OfferPage> Evaluator::Offers(const OfferQuery& query, const TerritoryScope& scope) {
  return LoadOfferStats(db_, query, scope);
}

absl::StatusOr<Survey> Evaluator::CreateSurvey(const std::string& request_id,
                                               const SurveyDraft& draft) {
  return surveys_.Create(request_id, draft, clock_.Now());
}

absl::StatusOr<SurveyReceipt> Evaluator::Respond(const std::string& request_id,
                                                 const Survey& survey,
                                                 const std::string& respondent,
                                                 const std::vector<int>& scores,
                                                 const SurveyStore::WriteHook& on_write) {
  if (survey.draft.audience == Audience::kBeneficiaries) {
    ASSIGN_OR_RETURN(bool participant, surveys_.IsParticipant(survey.draft.offer_id, respondent));
    if (!participant) {
      return absl::FailedPreconditionError(
          "the beneficiary has not started this offer (as far as the projections know)");
    }
  }
  // Only a digest is kept: enough to refuse a second response, not to link responses to
  // the timeline.
  const std::string digest =
      auth::Sha256Hex(absl::StrCat(respondent_key_, "\n", survey.id, "\n", respondent));
  return surveys_.Respond(request_id, survey, digest, scores, clock_.Now(), on_write);
}

}  // namespace parcours::evaluation
