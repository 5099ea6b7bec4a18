// The achievement level of a fiche from its live indicators, on the review's scale
// (pacte JSON "scale"):
//   NON_ATTEINT            no concrete development: no live indicator shows any activity;
//   PARTIELLEMENT_ATTEINT  operational, but a numeric target is not met, cannot be checked
//                          (hidden by secrecy, nothing measured) or was never set;
//   ATTEINT                operational and every numeric target met.
// A fiche no live indicator measures gets no live level (the review's stays as history).
//
//   Achievement a = Assess({{.activity = true, .has_target = true, .target_met = true}});
//   a.level == Level::kAtteint
#ifndef PARCOURS_SERVICES_EVALUATION_DOMAIN_ACHIEVEMENT_H_
#define PARCOURS_SERVICES_EVALUATION_DOMAIN_ACHIEVEMENT_H_

#include <optional>
#include <string>
#include <vector>

#include "services/evaluation/domain/indicator_catalog.h"

namespace parcours::evaluation {

struct IndicatorAssessment {
  bool activity = false;  // something was measured (before secrecy: a level is no cell)
  bool has_target = false;
  std::optional<bool> target_met;  // unset: not checkable
};

struct Achievement {
  Level level = Level::kUnspecified;
  std::string reason;
};

Achievement Assess(const std::vector<IndicatorAssessment>& indicators);

}  // namespace parcours::evaluation

#endif  // PARCOURS_SERVICES_EVALUATION_DOMAIN_ACHIEVEMENT_H_
