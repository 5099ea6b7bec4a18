// The orientation rules engine: explainable, configured by data. An operator edits a JSON
// file (RULES_FILE; the default services/orientation/data/orientation_rules.json is
// embedded in the binary) and restarts the service; nothing is rebuilt.
//
//   ASSIGN_OR_RETURN(RulesEngine engine, RulesEngine::FromJson(text));
//   Suggestion s = engine.Suggest(FactsOf(beneficiary, today));
//   // s.type: the first fired rule's type (rules are in priority order), or the default;
//   // s.fired: every rule that fired, with its reason, in priority order.
//
// Format:
//   {"version": "essonne-2025-1",
//    "default": {"type": "SOCIO_PROFESSIONAL", "reason": "…"},
//    "rules": [{"id": "health-or-housing", "suggest": "SOCIAL", "reason": "…",
//               "when": {"barriers_any": ["HEALTH", "HOUSING"]}}, …]}
// Conditions in "when" (all must hold; an unknown key is a configuration error, so a typo
// cannot silently disable a rule):
//   barriers_any, barriers_none: [Barrier]     min_barriers, max_barriers: int
//   qualification_at_most, qualification_at_least: QualificationLevel name
//   france_travail_registered: bool
//   months_since_employment_at_most, months_since_employment_at_least: int
//     (a person who never worked has no "at most" and satisfies any "at least")
//   never_worked: bool          age_at_least, age_below: int
#ifndef PARCOURS_SERVICES_ORIENTATION_DOMAIN_RULES_ENGINE_H_
#define PARCOURS_SERVICES_ORIENTATION_DOMAIN_RULES_ENGINE_H_

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "services/orientation/domain/model.h"

namespace parcours::orientation {

// What the rules look at: the diagnostic and the age, nothing else (no nationality, sex,
// place of birth: the facts do not carry them).
struct OrientationFacts {
  std::set<Barrier> barriers;
  QualificationLevel qualification = QualificationLevel::kUnspecified;
  bool france_travail_registered = false;
  std::optional<int> months_since_employment;  // nullopt: never worked
  std::optional<int> age;                      // nullopt: birth date unknown
};

OrientationFacts FactsOf(const Beneficiary& b, absl::CivilDay today);

struct RuleCondition {
  std::vector<Barrier> barriers_any;
  std::vector<Barrier> barriers_none;
  std::optional<int> min_barriers, max_barriers;
  std::optional<QualificationLevel> qualification_at_most, qualification_at_least;
  std::optional<bool> france_travail_registered;
  std::optional<int> months_since_employment_at_most, months_since_employment_at_least;
  std::optional<bool> never_worked;
  std::optional<int> age_at_least, age_below;

  bool Holds(const OrientationFacts& f) const;
};

struct OrientationRule {
  std::string id;
  RuleCondition when;
  OrientationType suggest = OrientationType::kUnspecified;
  std::string reason;
};

class RulesEngine {
 public:
  // INVALID_ARGUMENT naming the rule and key on any problem (unknown key, unknown enum
  // name, repeated id, missing reason or type, no default).
  static absl::StatusOr<RulesEngine> FromJson(const std::string& json);

  Suggestion Suggest(const OrientationFacts& facts) const;

  const std::string& version() const { return version_; }
  const std::vector<OrientationRule>& rules() const { return rules_; }

  // The id reported when no rule fired.
  static constexpr char kDefaultRuleId[] = "default";

 private:
  std::string version_;
  std::vector<OrientationRule> rules_;
  OrientationType default_type_ = OrientationType::kUnspecified;
  std::string default_reason_;
};

}  // namespace parcours::orientation

#endif  // PARCOURS_SERVICES_ORIENTATION_DOMAIN_RULES_ENGINE_H_
