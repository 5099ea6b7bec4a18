#include "services/evaluation/domain/achievement.h"

#include "absl/strings/str_cat.h"

namespace parcours::evaluation {

Achievement Assess(const std::vector<IndicatorAssessment>& indicators) {
  if (indicators.empty()) {
    return {Level::kUnspecified, "no live indicator measures this fiche"};
  }
  int active = 0;
  int targets = 0;
  int met = 0;
  int unknown = 0;
  for (const IndicatorAssessment& i : indicators) {
    if (i.activity) ++active;
    if (!i.has_target) continue;
    ++targets;
    if (!i.target_met.has_value()) {
      ++unknown;
    } else if (*i.target_met) {
      ++met;
    }
  }
  if (active == 0) return {Level::kNonAtteint, "no activity measured in the period"};
  if (targets == 0) {
    return {Level::kPartiellementAtteint, "operational; no numeric target is defined"};
  }
  if (met == targets) {
    return {Level::kAtteint, absl::StrCat("operational; ", met, " of ", targets, " targets met")};
  }
  return {Level::kPartiellementAtteint,
          absl::StrCat("operational; ", met, " of ", targets, " targets met",
                       unknown > 0 ? absl::StrCat(", ", unknown, " not measurable") : "")};
}

}  // namespace parcours::evaluation
