// The rules file: the embedded default parses with a reference on every rule; a broken
// file is refused naming the bad entry, so a typo never starts a service with wrong law.
#include "gtest/gtest.h"
#include "libs/testing/status_matchers.h"
#include "services/contracts/contracts_server.h"
#include "services/contracts/domain/rules.h"

namespace parcours::contracts {
namespace {

TEST(RulesTest, DefaultCoversEveryKindTypeAndDecisionWithReferences) {
  ASSERT_OK_AND_ASSIGN(ContractRules rules, LoadRules(""));
  for (ContractKind k : kAllContractKinds) {
    const KindRule* r = rules.ForKind(k);
    ASSERT_NE(r, nullptr) << Name(k);
    EXPECT_FALSE(r->reference.empty());
  }
  for (OrientationType t : kAllOrientationTypes) {
    ASSERT_NE(rules.DueAfterOrientation(t), nullptr);
    EXPECT_FALSE(rules.DueAfterOrientation(t)->reference.empty());
  }
  EXPECT_EQ(rules.DueAfterOrientation(OrientationType::kSocial)->months, 2);
  EXPECT_EQ(rules.DueAfterOrientation(OrientationType::kSocioProfessional)->months, 1);
  EXPECT_EQ(rules.ForKind(ContractKind::kContratEngagement)->weekly_hours_default, 15);
  EXPECT_EQ(rules.ForKind(ContractKind::kPackSortie)->max_months_after_return_to_work, 6);
  EXPECT_TRUE(rules.ForKind(ContractKind::kCerSocial)->Fits(OrientationType::kSocial));
  EXPECT_FALSE(rules.ForKind(ContractKind::kCerSocial)->Fits(OrientationType::kProfessional));
  const DecisionRule* remob = rules.ForDecision(DecisionKind::kSuspensionRemobilisation);
  ASSERT_NE(remob, nullptr);
  EXPECT_EQ(remob->min_percent, 30);
  EXPECT_EQ(remob->max_months_on_repeat, 4);
  EXPECT_EQ(rules.response_months, 1);
}

TEST(RulesTest, BrokenFilesAreRefusedNamingTheEntry) {
  ASSERT_OK_AND_ASSIGN(ContractRules good, LoadRules(""));
  const std::string text = DefaultRulesFiles().at(0).contents;
  struct Case {
    std::string from, to, field;
  } cases[] = {
      {"\"max_months\": 12,", "\"max_months\": 0,", "kinds[0].max_months"},
      {"\"kind\": \"PPAE\"", "\"kind\": \"PPAX\"", "kinds[2].kind"},
      {"\"months\": 2,", "\"months\": \"two\",", "contract_due_after_orientation[0].months"},
      {"\"min_percent\": 30, \"max_percent\": 100, \"min_months\": 1, \"max_months\": 2, "
       "\"max_months_on_repeat\": 4,\n      \"reference\": \"CASF L262-37 et R262-68",
       "\"min_percent\": 30, \"max_percent\": 10, \"min_months\": 1, \"max_months\": 2, "
       "\"max_months_on_repeat\": 4,\n      \"reference\": \"CASF L262-37 et R262-68",
       "decisions[0].max_percent"},
  };
  for (const Case& c : cases) {
    std::string broken = text;
    const size_t at = broken.find(c.from);
    ASSERT_NE(at, std::string::npos) << c.from;
    broken.replace(at, c.from.size(), c.to);
    absl::StatusOr<ContractRules> r = ParseContractRules(broken);
    ASSERT_FALSE(r.ok()) << c.field;
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(r.status().message().find(c.field), std::string::npos) << r.status();
  }
  EXPECT_FALSE(ParseContractRules("not json").ok());
  EXPECT_FALSE(ParseContractRules("{}").ok());
}

TEST(RulesTest, MissingReferenceIsRefused) {
  std::string text = DefaultRulesFiles().at(0).contents;
  const std::string from = "\"reference\": \"pratique départementale: point étape tous les trois mois\"";
  const size_t at = text.find(from);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, from.size(), "\"reference\": \"\"");
  absl::StatusOr<ContractRules> r = ParseContractRules(text);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("review.reference"), std::string::npos) << r.status();
}

}  // namespace
}  // namespace parcours::contracts
