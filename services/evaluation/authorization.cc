#include "services/evaluation/authorization.h"

namespace parcours::evaluation {

auth::AuthorizationPolicy AuthorizationTable() {
  using auth::PersonalData;
  using auth::Scope;
  const std::string s = "/parcours.evaluation.v1.Evaluation/";
  auth::AuthorizationPolicy p;
  const std::vector<std::string> readers = {auth::kSteering, auth::kAdmin, auth::kReferent};
  p.Allow(s + "GetBilan", readers, Scope::kAggregatesOnly);
  p.Allow(s + "ListCohorts", readers, Scope::kAggregatesOnly);
  p.Allow(s + "ListOfferEvaluations", readers, Scope::kAggregatesOnly);
  p.Allow(s + "GetSurveyResults", readers, Scope::kAggregatesOnly);
  p.Allow(s + "ExportCsv", readers, Scope::kAggregatesOnly);
  p.Allow(s + "CreateSurvey", {auth::kSteering, auth::kAdmin}, Scope::kAny);
  p.Allow(s + "SubmitSurveyResponse", {auth::kReferent, auth::kOperator}, Scope::kAny,
          PersonalData::kYes);
  p.Allow(s + "GetFeedLag", {auth::kSteering, auth::kAdmin}, Scope::kAny);
  return p;
}

}  // namespace parcours::evaluation
