// The scoring engine: pure C++ over one household's facts, no I/O. Each enabled rule
// either fires — adding its weight, with a reason a person can read and the numbers that
// made it fire — or does not. The score is the sum of the weights of the fired rules; it
// selects files for a controller to look at and decides nothing by itself.
//
//   ScoringContext ctx{.as_of = absl::CivilDay(2025, 1, 15), .households_sharing_account = 1};
//   if (auto since = ContractCheckSince(rules, facts, ctx.as_of)) {
//     ctx.had_contract_in_window = ...;  // ask contracts
//   }
//   ScoreResult result = ScoreHousehold(rules, facts, ctx);
//   if (result.score >= rules.case_threshold) { /* open a case */ }
//
// Fast enough for a million files per batch: no allocation unless a rule fires.
#ifndef PARCOURS_SERVICES_FRAUD_DOMAIN_SCORING_H_
#define PARCOURS_SERVICES_FRAUD_DOMAIN_SCORING_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "services/fraud/domain/household_facts.h"
#include "services/fraud/domain/rule_set.h"

namespace parcours::fraud {

struct Evidence {
  std::string name;
  std::string value;
  friend bool operator==(const Evidence&, const Evidence&) = default;
};

struct FiredRule {
  RuleId id = RuleId::kIncomeAboveDeclared;
  int weight = 0;
  std::string reason;
  std::vector<Evidence> evidence;

  // The value of the evidence `name`, or "" (tests and explanations).
  std::string EvidenceValue(const std::string& name) const;
};

struct ScoreResult {
  int score = 0;
  std::vector<FiredRule> fired;    // in rule order
  std::vector<std::string> notes;  // rules that could not be evaluated, and why

  bool Fired(RuleId id) const;
};

// The quarters the rules look at: the `lookback` complete quarters before `as_of`,
// oldest first.
std::vector<Quarter> LookbackWindow(absl::CivilDay as_of, int lookback);

// The day from which contracts must be asked about ("has this beneficiary had a contract
// since?") for the long-RSA rule, or nullopt when the rule is off or the right is younger
// than its threshold.
std::optional<absl::CivilDay> ContractCheckSince(const RuleSet& rules, const HouseholdFacts& facts,
                                                 absl::CivilDay as_of);

ScoreResult ScoreHousehold(const RuleSet& rules, const HouseholdFacts& facts,
                           const ScoringContext& context);

// "1234.56" for 123456 cents (evidence values: exact, no locale).
std::string FormatCents(int64_t cents);

}  // namespace parcours::fraud

#endif  // PARCOURS_SERVICES_FRAUD_DOMAIN_SCORING_H_
