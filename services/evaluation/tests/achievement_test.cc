// The review's scale applied to live indicators, table-driven.
#include "services/evaluation/domain/achievement.h"

#include "gtest/gtest.h"

namespace parcours::evaluation {
namespace {

TEST(AchievementTest, TheReviewsScale) {
  struct Case {
    std::vector<IndicatorAssessment> indicators;
    Level level;
  };
  const IndicatorAssessment idle{.activity = false, .has_target = false, .target_met = {}};
  const IndicatorAssessment active{.activity = true, .has_target = false, .target_met = {}};
  const IndicatorAssessment met{.activity = true, .has_target = true, .target_met = true};
  const IndicatorAssessment missed{.activity = true, .has_target = true, .target_met = false};
  const IndicatorAssessment hidden{.activity = true, .has_target = true, .target_met = {}};
  for (const Case& c : std::vector<Case>{
           {{}, Level::kUnspecified},
           {{idle, idle}, Level::kNonAtteint},
           {{active}, Level::kPartiellementAtteint},
           {{met, active}, Level::kAtteint},
           {{met, missed}, Level::kPartiellementAtteint},
           {{met, hidden}, Level::kPartiellementAtteint},
           {{idle, met}, Level::kAtteint},
       }) {
    EXPECT_EQ(Assess(c.indicators).level, c.level) << Assess(c.indicators).reason;
  }
  EXPECT_EQ(Assess({met, missed}).reason, "operational; 1 of 2 targets met");
}

}  // namespace
}  // namespace parcours::evaluation
