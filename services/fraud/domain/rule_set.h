// The scoring rules as data: which rules are on, their weights and thresholds, the case
// threshold and the look-back window, under a version string recorded on every score.
// The default set ships inside the binary (services/fraud/config/rules.json); a file named
// by FRAUD_RULES_FILE replaces it. Every known rule must be listed, with exactly its
// thresholds; anything else is refused naming the offending key, so that a typo never
// silently disables a rule.
//
//   ASSIGN_OR_RETURN(RuleSet rules, ParseRuleSet(json_text));
//   const RuleConfig& income = rules.rule(RuleId::kIncomeAboveDeclared);
//   int64_t gap = income.Threshold("min_gap_cents");
#ifndef PARCOURS_SERVICES_FRAUD_DOMAIN_RULE_SET_H_
#define PARCOURS_SERVICES_FRAUD_DOMAIN_RULE_SET_H_

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace parcours::fraud {

enum class RuleId {
  kIncomeAboveDeclared = 0,
  kDeclarationsMissing,
  kSharedBankAccount,
  kAbroadOrMailReturned,
  kCompositionContradicted,
  kLongRsaWithoutContract,
};
inline constexpr int kRuleCount = 6;

// The stable name of a rule in configuration, scores and statistics.
const char* RuleName(RuleId id);

struct RuleConfig {
  RuleId id = RuleId::kIncomeAboveDeclared;
  bool enabled = true;
  int weight = 0;  // points added to the score when the rule fires (0..1000)
  std::map<std::string, int64_t> thresholds;
  std::string description;

  // The threshold `name`; the parser guarantees every threshold of the rule is present.
  int64_t Threshold(const std::string& name) const;
};

struct RuleSet {
  std::string version;
  int case_threshold = 0;     // a case opens when score >= case_threshold
  int lookback_quarters = 4;  // complete quarters before the scoring day the rules look at
  std::array<RuleConfig, kRuleCount> rules;  // indexed by RuleId

  const RuleConfig& rule(RuleId id) const { return rules[static_cast<int>(id)]; }
};

// Parses and validates a rule set (JSON; format in services/fraud/README.md).
// INVALID_ARGUMENT names the key at fault ("rules[2].thresholds.min_households").
absl::StatusOr<RuleSet> ParseRuleSet(const std::string& json);

}  // namespace parcours::fraud

#endif  // PARCOURS_SERVICES_FRAUD_DOMAIN_RULE_SET_H_
