// The orientation rules, table-driven: one case per rule of the shipped configuration
// (data/orientation_rules.json), each a profile for which that rule is the first to fire.
// A rule added to the file without a case here fails RulesEngineTest.EveryRuleHasACase.
#include "services/orientation/domain/rules_engine.h"

#include <set>
#include <string>

#include "gtest/gtest.h"
#include "services/orientation/default_data.h"

namespace parcours::orientation {
namespace {

using B = Barrier;
using Q = QualificationLevel;
using T = OrientationType;

struct RuleCase {
  std::string rule_id;  // expected first fired rule
  OrientationFacts facts;
  T expected;
};

OrientationFacts Facts(std::set<B> barriers, Q q, bool ft, std::optional<int> months,
                       std::optional<int> age) {
  return OrientationFacts{std::move(barriers), q, ft, months, age};
}

const std::vector<RuleCase>& Cases() {
  static const auto* cases = new std::vector<RuleCase>{
      {"health-or-housing-barrier", Facts({B::kHealth}, Q::kLevel4, true, 3, 40), T::kSocial},
      {"three-or-more-barriers",
       Facts({B::kMobility, B::kChildcare, B::kDigital}, Q::kLevel3, false, 6, 35), T::kSocial},
      {"senior-long-inactivity", Facts({}, Q::kLevel3, true, 48, 59), T::kSocial},
      {"registered-recent-employment", Facts({B::kMobility}, Q::kLevel3, true, 10, 40),
       T::kProfessional},
      {"qualified-recent-employment", Facts({}, Q::kLevel5, false, 6, 30), T::kProfessional},
      {"language-without-qualification", Facts({B::kLanguage}, Q::kNone, false, 12, 40),
       T::kSocioProfessional},
      {"young-adult", Facts({B::kMobility}, Q::kLevel3, false, 12, 22), T::kSocioProfessional},
      {"long-inactivity", Facts({B::kDigital}, Q::kLevel3, false, std::nullopt, 40),
       T::kSocioProfessional},
      {RulesEngine::kDefaultRuleId, Facts({B::kMobility}, Q::kLevel3, false, 12, 40),
       T::kSocioProfessional},
  };
  return *cases;
}

class RulesEngineTest : public ::testing::TestWithParam<RuleCase> {
 protected:
  static RulesEngine Engine() {
    absl::StatusOr<RulesEngine> engine = RulesEngine::FromJson(DefaultRulesJson());
    EXPECT_TRUE(engine.ok()) << engine.status();
    return *engine;
  }
};

TEST_P(RulesEngineTest, RuleIsFirstToFire) {
  const RuleCase& c = GetParam();
  Suggestion s = Engine().Suggest(c.facts);
  ASSERT_FALSE(s.fired.empty());
  EXPECT_EQ(s.fired.front().rule_id, c.rule_id);
  EXPECT_EQ(s.type, c.expected);
  EXPECT_FALSE(s.fired.front().reason.empty()) << "every suggestion is explained";
  EXPECT_EQ(s.rules_version, "essonne-illustrative-2025-1");
}

INSTANTIATE_TEST_SUITE_P(ShippedRules, RulesEngineTest, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<RuleCase>& info) {
                           std::string name = info.param.rule_id;
                           for (char& ch : name) {
                             if (ch == '-') ch = '_';
                           }
                           return name;
                         });

TEST(RulesEngineConfigTest, EveryRuleHasACase) {
  absl::StatusOr<RulesEngine> engine = RulesEngine::FromJson(DefaultRulesJson());
  ASSERT_TRUE(engine.ok()) << engine.status();
  std::set<std::string> covered;
  for (const RuleCase& c : Cases()) covered.insert(c.rule_id);
  for (const OrientationRule& r : engine->rules()) {
    EXPECT_TRUE(covered.count(r.id)) << "rule " << r.id << " has no table case";
  }
}

TEST(RulesEngineConfigTest, AllFiredRulesAreReportedInPriorityOrder) {
  absl::StatusOr<RulesEngine> engine = RulesEngine::FromJson(DefaultRulesJson());
  ASSERT_TRUE(engine.ok());
  // Health barrier, never worked, 23: three rules fire; the first decides.
  Suggestion s = engine->Suggest(Facts({B::kHealth}, Q::kNone, false, std::nullopt, 23));
  ASSERT_EQ(s.fired.size(), 3u);
  EXPECT_EQ(s.fired[0].rule_id, "health-or-housing-barrier");
  EXPECT_EQ(s.fired[1].rule_id, "young-adult");
  EXPECT_EQ(s.fired[2].rule_id, "long-inactivity");
  EXPECT_EQ(s.type, T::kSocial);
}

TEST(RulesEngineConfigTest, AnOperatorEditChangesTheOutcomeWithoutRebuilding) {
  const std::string edited = R"({"version": "v2",
    "default": {"type": "SOCIAL", "reason": "default"},
    "rules": [{"id": "digital", "when": {"barriers_any": ["DIGITAL"]},
               "suggest": "PROFESSIONAL", "reason": "digital only"}]})";
  absl::StatusOr<RulesEngine> engine = RulesEngine::FromJson(edited);
  ASSERT_TRUE(engine.ok()) << engine.status();
  EXPECT_EQ(engine->Suggest(Facts({B::kDigital}, Q::kNone, false, 1, 30)).type, T::kProfessional);
  Suggestion none = engine->Suggest(Facts({}, Q::kNone, false, 1, 30));
  EXPECT_EQ(none.type, T::kSocial);
  EXPECT_EQ(none.fired.front().rule_id, "default");
}

TEST(RulesEngineConfigTest, RefusesTyposAndIncompleteRules) {
  const char* bad[] = {
      R"({"version": "v", "default": {"type": "SOCIAL", "reason": "d"},
          "rules": [{"id": "a", "when": {"barrier_any": ["HEALTH"]}, "suggest": "SOCIAL", "reason": "r"}]})",
      R"({"version": "v", "default": {"type": "SOCIAL", "reason": "d"},
          "rules": [{"id": "a", "when": {"barriers_any": ["HEALTHY"]}, "suggest": "SOCIAL", "reason": "r"}]})",
      R"({"version": "v", "default": {"type": "SOCIAL", "reason": "d"},
          "rules": [{"id": "a", "when": {}, "suggest": "SOCIALE", "reason": "r"}]})",
      R"({"version": "v", "default": {"type": "SOCIAL", "reason": "d"},
          "rules": [{"id": "a", "when": {}, "suggest": "SOCIAL"}]})",
      R"({"version": "v", "default": {"type": "SOCIAL", "reason": "d"},
          "rules": [{"id": "a", "when": {}, "suggest": "SOCIAL", "reason": "r"},
                    {"id": "a", "when": {}, "suggest": "SOCIAL", "reason": "r"}]})",
      R"({"version": "v", "rules": []})",
      R"({"default": {"type": "SOCIAL", "reason": "d"}, "rules": []})",
      R"({"version": "v", "default": {"type": "SOCIAL", "reason": "d"}, "rules": [],
          "extra": 1})",
  };
  for (const char* json : bad) {
    EXPECT_EQ(RulesEngine::FromJson(json).status().code(), absl::StatusCode::kInvalidArgument)
        << json;
  }
}

TEST(RulesEngineConfigTest, FactsComeFromTheDiagnosticAndAge) {
  Beneficiary b;
  b.identity.birth_date = absl::CivilDay(1990, 6, 15);
  b.diagnostic.barriers = {B::kMobility, B::kMobility};
  b.diagnostic.qualification_level = Q::kLevel4;
  b.diagnostic.france_travail_registered = true;
  b.diagnostic.last_employment_end = absl::CivilDay(2023, 1, 20);
  OrientationFacts f = FactsOf(b, absl::CivilDay(2024, 6, 14));
  EXPECT_EQ(f.age, 33);
  EXPECT_EQ(f.months_since_employment, 16);
  EXPECT_EQ(f.barriers.size(), 1u);
  EXPECT_TRUE(f.france_travail_registered);
  b.diagnostic.last_employment_end.reset();
  EXPECT_FALSE(FactsOf(b, absl::CivilDay(2024, 6, 14)).months_since_employment.has_value());
}

}  // namespace
}  // namespace parcours::orientation
