// Each rule, table-driven: fires, does not fire, and the boundary values; the score as the
// sum of fired weights with its explanation; the rule-set parser's refusals.
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "libs/testing/status_matchers.h"
#include "services/fraud/build.h"
#include "services/fraud/domain/rule_set.h"
#include "services/fraud/domain/scoring.h"

namespace parcours::fraud {
namespace {

const absl::CivilDay kAsOf(2025, 1, 15);  // window: 2024-Q1 .. 2024-Q4

RuleSet Rules() {
  absl::StatusOr<RuleSet> r = DefaultRuleSet();
  EXPECT_OK(r);
  return *r;
}

// A household with nothing to say: four declarations, nothing seen elsewhere.
HouseholdFacts Clean() {
  HouseholdFacts f;
  f.persons = 2;
  f.country = "FR";
  f.rsa_since = absl::CivilDay(2020, 6, 1);
  for (int q = 1; q <= 4; ++q) f.declarations.push_back({{2024, q}, {}});
  return f;
}

ScoringContext Ctx() { return {.as_of = kAsOf}; }

CrossCheck Income(Quarter q, IncomeCategory c, int64_t cents) {
  return {.period = q,
          .kind = FactKind::kIncome,
          .category = c,
          .amount_cents = cents,
          .source = FactSource::kPayroll};
}

TEST(RulesTest, CleanHouseholdScoresZero) {
  ScoreResult r = ScoreHousehold(Rules(), Clean(), Ctx());
  EXPECT_EQ(r.score, 0);
  EXPECT_TRUE(r.fired.empty());
  EXPECT_TRUE(r.notes.empty());
}

struct IncomeCase {
  const char* name;
  int64_t declared_salary;
  std::vector<CrossCheck> seen;
  bool fires;
  std::string gap;  // evidence when it fires
};

TEST(RulesTest, IncomeAboveDeclared) {
  const Quarter q3{2024, 3};
  const std::vector<IncomeCase> cases = {
      {"nothing seen", 0, {}, false, ""},
      {"gap just under the absolute threshold",
       0,
       {Income(q3, IncomeCategory::kSalary, 29999)},
       false,
       ""},
      {"gap at the absolute threshold",
       0,
       {Income(q3, IncomeCategory::kSalary, 30000)},
       true,
       "30000"},
      {"gap under 10% of a large declaration",
       500000,
       {Income(q3, IncomeCategory::kSalary, 530000)},
       false,
       ""},
      {"gap exactly 10%", 300000, {Income(q3, IncomeCategory::kSalary, 330000)}, true, "30000"},
      {"gap a hair under 10%", 300001, {Income(q3, IncomeCategory::kSalary, 330001)}, false, ""},
      {"seen below declared", 300000, {Income(q3, IncomeCategory::kSalary, 100000)}, false, ""},
      {"two sources add up",
       0,
       {Income(q3, IncomeCategory::kSalary, 20000), Income(q3, IncomeCategory::kSalary, 20000)},
       true,
       "40000"},
      {"outside the window", 0, {Income({2023, 4}, IncomeCategory::kSalary, 900000)}, false, ""},
      {"undeclared pension beside a declared salary",
       100000,
       {Income(q3, IncomeCategory::kPension, 40000)},
       true,
       "40000"},
  };
  for (const IncomeCase& c : cases) {
    SCOPED_TRACE(c.name);
    HouseholdFacts f = Clean();
    f.declarations[2].amounts[static_cast<int>(IncomeCategory::kSalary)] = c.declared_salary;
    f.cross_checks = c.seen;
    ScoreResult r = ScoreHousehold(Rules(), f, Ctx());
    EXPECT_EQ(r.Fired(RuleId::kIncomeAboveDeclared), c.fires);
    if (c.fires) {
      ASSERT_EQ(r.fired.size(), 1u);
      EXPECT_EQ(r.fired[0].EvidenceValue("gap_cents"), c.gap);
      EXPECT_EQ(r.fired[0].EvidenceValue("quarter"), "2024-Q3");
      EXPECT_EQ(r.score, 40);
    }
  }
}

TEST(RulesTest, IncomeEvidenceNamesTheQuarterCategoryAndAmounts) {
  HouseholdFacts f = Clean();
  f.declarations[1].amounts[0] = 10000;
  f.cross_checks = {Income({2024, 2}, IncomeCategory::kSalary, 95000)};
  ScoreResult r = ScoreHousehold(Rules(), f, Ctx());
  ASSERT_EQ(r.fired.size(), 1u);
  const FiredRule& fired = r.fired[0];
  EXPECT_EQ(fired.id, RuleId::kIncomeAboveDeclared);
  EXPECT_EQ(fired.weight, 40);
  EXPECT_EQ(fired.EvidenceValue("category"), "salary");
  EXPECT_EQ(fired.EvidenceValue("declared_cents"), "10000");
  EXPECT_EQ(fired.EvidenceValue("seen_cents"), "95000");
  EXPECT_EQ(fired.EvidenceValue("gap_cents"), "85000");
  EXPECT_NE(fired.reason.find("2024-Q2"), std::string::npos) << fired.reason;
  EXPECT_NE(fired.reason.find("850.00"), std::string::npos) << fired.reason;
}

TEST(RulesTest, DeclarationsMissing) {
  struct Case {
    const char* name;
    std::vector<int> declared_quarters;
    absl::CivilDay rsa_since;
    bool fires;
    std::string quarters;
  };
  const std::vector<Case> cases = {
      {"all four", {1, 2, 3, 4}, absl::CivilDay(2020, 1, 1), false, ""},
      {"one missing (under the threshold of 2)", {1, 2, 3}, absl::CivilDay(2020, 1, 1), false, ""},
      {"two missing (at the threshold)",
       {1, 3},
       absl::CivilDay(2020, 1, 1),
       true,
       "2024-Q2,2024-Q4"},
      {"none at all", {}, absl::CivilDay(2020, 1, 1), true, "2024-Q1,2024-Q2,2024-Q3,2024-Q4"},
      {"right opened in Q3: two owed, none sent",
       {},
       absl::CivilDay(2024, 8, 1),
       true,
       "2024-Q3,2024-Q4"},
      {"right opened in Q4: one owed", {}, absl::CivilDay(2024, 11, 1), false, ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    HouseholdFacts f = Clean();
    f.rsa_since = c.rsa_since;
    f.declarations.clear();
    for (int q : c.declared_quarters) f.declarations.push_back({{2024, q}, {}});
    ScoreResult r = ScoreHousehold(Rules(), f, Ctx());
    EXPECT_EQ(r.Fired(RuleId::kDeclarationsMissing), c.fires);
    if (c.fires) {
      EXPECT_EQ(r.fired[0].EvidenceValue("quarters"), c.quarters);
    }
  }
}

TEST(RulesTest, SharedBankAccount) {
  struct Case {
    int sharing;
    bool has_account;
    bool fires;
  };
  for (const Case& c : std::vector<Case>{{1, true, false},
                                         {2, true, false},
                                         {3, true, true},
                                         {40, true, true},
                                         {5, false, false}}) {
    SCOPED_TRACE(c.sharing);
    HouseholdFacts f = Clean();
    f.has_bank_account = c.has_account;
    ScoringContext ctx = Ctx();
    ctx.households_sharing_account = c.sharing;
    ScoreResult r = ScoreHousehold(Rules(), f, ctx);
    EXPECT_EQ(r.Fired(RuleId::kSharedBankAccount), c.fires);
    if (c.fires) {
      EXPECT_EQ(r.fired[0].EvidenceValue("households_sharing_account"), std::to_string(c.sharing));
    }
  }
}

TEST(RulesTest, AbroadOrMailReturned) {
  struct Case {
    const char* name;
    std::string country;
    std::vector<CrossCheck> facts;
    bool fires;
  };
  const CrossCheck mail{
      .period = {2024, 2}, .kind = FactKind::kMailReturned, .source = FactSource::kPostal};
  const CrossCheck abroad_old{
      .period = {2023, 1}, .kind = FactKind::kResidenceAbroad, .source = FactSource::kDgfip};
  const CrossCheck abroad{
      .period = {2024, 4}, .kind = FactKind::kResidenceAbroad, .source = FactSource::kSocialWorker};
  const std::vector<Case> cases = {
      {"address in France, nothing reported", "FR", {}, false},
      {"address abroad", "BE", {}, true},
      {"mail returned in the window", "FR", {mail}, true},
      {"residence abroad reported in the window", "FR", {abroad}, true},
      {"residence abroad reported before the window", "FR", {abroad_old}, false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    HouseholdFacts f = Clean();
    f.country = c.country;
    f.cross_checks = c.facts;
    EXPECT_EQ(ScoreHousehold(Rules(), f, Ctx()).Fired(RuleId::kAbroadOrMailReturned), c.fires);
  }
}

TEST(RulesTest, CompositionContradicted) {
  struct Case {
    int observed;
    Quarter period;
    bool fires;
  };
  for (const Case& c : std::vector<Case>{{2, {2024, 3}, false},
                                         {3, {2024, 3}, true},
                                         {1, {2024, 1}, true},
                                         {5, {2023, 4}, false}}) {
    SCOPED_TRACE(c.observed);
    HouseholdFacts f = Clean();  // 2 persons declared
    f.cross_checks = {{.period = c.period,
                       .kind = FactKind::kPersonsInHousehold,
                       .persons = c.observed,
                       .source = FactSource::kDgfip}};
    ScoreResult r = ScoreHousehold(Rules(), f, Ctx());
    EXPECT_EQ(r.Fired(RuleId::kCompositionContradicted), c.fires);
    if (c.fires) {
      EXPECT_EQ(r.fired[0].EvidenceValue("declared_persons"), "2");
      EXPECT_EQ(r.fired[0].EvidenceValue("observed_persons"), std::to_string(c.observed));
      EXPECT_EQ(r.fired[0].EvidenceValue("source"), "dgfip");
    }
  }
}

TEST(RulesTest, LongRsaWithoutContract) {
  struct Case {
    const char* name;
    absl::CivilDay since;
    std::optional<bool> had_contract;
    bool needs_check;
    bool fires;
    bool note;
  };
  const std::vector<Case> cases = {
      {"exactly ten years, no contract", absl::CivilDay(2015, 1, 15), false, true, true, false},
      {"a day short of ten years", absl::CivilDay(2015, 1, 16), false, false, false, false},
      {"eleven years with a contract", absl::CivilDay(2014, 1, 1), true, true, false, false},
      {"contracts could not be asked", absl::CivilDay(2010, 1, 1), std::nullopt, true, false, true},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    HouseholdFacts f = Clean();
    f.rsa_since = c.since;
    EXPECT_EQ(ContractCheckSince(Rules(), f, kAsOf).has_value(), c.needs_check);
    ScoringContext ctx = Ctx();
    ctx.had_contract_in_window = c.had_contract;
    ScoreResult r = ScoreHousehold(Rules(), f, ctx);
    EXPECT_EQ(r.Fired(RuleId::kLongRsaWithoutContract), c.fires);
    EXPECT_EQ(!r.notes.empty(), c.note);
    if (c.fires) {
      EXPECT_EQ(r.fired[0].EvidenceValue("no_contract_since"), "2015-01-15");
    }
  }
}

TEST(RulesTest, ScoreIsTheSumOfFiredWeightsInRuleOrder) {
  HouseholdFacts f = Clean();
  f.country = "ES";                                                      // abroad: 30
  f.declarations.resize(2);                                              // two missing: 25
  f.cross_checks = {Income({2024, 1}, IncomeCategory::kSalary, 80000)};  // income: 40
  ScoringContext ctx = Ctx();
  ctx.households_sharing_account = 3;  // shared: 30
  ScoreResult r = ScoreHousehold(Rules(), f, ctx);
  EXPECT_EQ(r.score, 40 + 25 + 30 + 30);
  ASSERT_EQ(r.fired.size(), 4u);
  EXPECT_EQ(r.fired[0].id, RuleId::kIncomeAboveDeclared);
  EXPECT_EQ(r.fired[1].id, RuleId::kDeclarationsMissing);
  EXPECT_EQ(r.fired[2].id, RuleId::kSharedBankAccount);
  EXPECT_EQ(r.fired[3].id, RuleId::kAbroadOrMailReturned);
  for (const FiredRule& fired : r.fired) {
    EXPECT_FALSE(fired.reason.empty());
    EXPECT_FALSE(fired.evidence.empty());
  }
}

TEST(RulesTest, DisabledRuleNeverFiresAndWeightsComeFromData) {
  RuleSet rules = Rules();
  rules.rules[static_cast<int>(RuleId::kAbroadOrMailReturned)].enabled = false;
  rules.rules[static_cast<int>(RuleId::kDeclarationsMissing)].weight = 7;
  HouseholdFacts f = Clean();
  f.country = "ES";
  f.declarations.clear();
  ScoreResult r = ScoreHousehold(rules, f, Ctx());
  EXPECT_FALSE(r.Fired(RuleId::kAbroadOrMailReturned));
  EXPECT_EQ(r.score, 7);
}

std::string WithRules(const std::string& rules) {
  return R"({"version":"t","case_threshold":50,"lookback_quarters":4,"rules":[)" + rules + "]}";
}

TEST(RuleSetTest, DefaultParsesWithEveryRule) {
  RuleSet r = Rules();
  EXPECT_EQ(r.version, "2025.1");
  EXPECT_EQ(r.case_threshold, 50);
  for (int i = 0; i < kRuleCount; ++i) EXPECT_EQ(r.rules[i].id, static_cast<RuleId>(i));
  EXPECT_EQ(r.rule(RuleId::kIncomeAboveDeclared).Threshold("min_gap_cents"), 30000);
}

TEST(RuleSetTest, RefusesWhatWouldSilentlyChangeScoring) {
  struct Case {
    const char* name;
    std::string json;
    std::string names;  // in the error
  };
  const std::string others =
      R"({"id":"declarations_missing","enabled":true,"weight":1,"thresholds":{"min_missing_quarters":2}},
         {"id":"shared_bank_account","enabled":true,"weight":1,"thresholds":{"min_households":3}},
         {"id":"abroad_or_mail_returned","enabled":true,"weight":1,"thresholds":{"min_signals":1}},
         {"id":"composition_contradicted","enabled":true,"weight":1,"thresholds":{"min_person_difference":1}},
         {"id":"long_rsa_without_contract","enabled":true,"weight":1,"thresholds":{"min_years":10}})";
  const std::string income_ok =
      R"({"id":"income_above_declared","enabled":true,"weight":1,"thresholds":{"min_gap_cents":1,"min_gap_percent":1}})";
  ASSERT_OK(ParseRuleSet(WithRules(income_ok + "," + others)));
  const std::vector<Case> cases = {
      {"not JSON", "{", "(document)"},
      {"no version", R"({"case_threshold":1,"lookback_quarters":4,"rules":[]})", "version"},
      {"a rule missing", WithRules(others), "income_above_declared"},
      {"unknown rule", WithRules(income_ok + "," + others + R"(,{"id":"nationality"})"),
       "rules[6].id"},
      {"misspelt threshold",
       WithRules(
           R"({"id":"income_above_declared","enabled":true,"weight":1,"thresholds":{"min_gap_cents":1,"min_gap_percent":1,"min_gap_cent":2}},)" +
           others),
       "rules[0].thresholds.min_gap_cent"},
      {"threshold missing",
       WithRules(
           R"({"id":"income_above_declared","enabled":true,"weight":1,"thresholds":{"min_gap_cents":1}},)" +
           others),
       "min_gap_percent"},
      {"weight not an integer",
       WithRules(
           R"({"id":"income_above_declared","enabled":true,"weight":"high","thresholds":{"min_gap_cents":1,"min_gap_percent":1}},)" +
           others),
       "rules[0].weight"},
      {"negative weight",
       WithRules(
           R"({"id":"income_above_declared","enabled":true,"weight":-5,"thresholds":{"min_gap_cents":1,"min_gap_percent":1}},)" +
           others),
       "rules[0].weight"},
      {"listed twice", WithRules(income_ok + "," + income_ok + "," + others), "listed twice"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    absl::StatusOr<RuleSet> r = ParseRuleSet(c.json);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(r.status().message().find(c.names), std::string::npos) << r.status();
  }
}

}  // namespace
}  // namespace parcours::fraud
