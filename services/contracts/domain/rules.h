// The legal and departmental rules the service applies, as data: duration bounds and the
// orientation types each contract kind fits, the delays that make deadlines, and the
// bounds of sanction decisions — each with its legal reference, which the queues show.
// The default (data/contract_rules.json) is compiled in; CONTRACTS_RULES_FILE replaces it.
//
//   ASSIGN_OR_RETURN(ContractRules rules, ParseContractRules(json_text));
//   const KindRule* cer = rules.ForKind(ContractKind::kCerSocial);
//   int months = rules.DueAfterOrientation(OrientationType::kSocial)->months;  // 2
#ifndef PARCOURS_SERVICES_CONTRACTS_DOMAIN_RULES_H_
#define PARCOURS_SERVICES_CONTRACTS_DOMAIN_RULES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/contracts/domain/model.h"

namespace parcours::contracts {

struct KindRule {
  ContractKind kind = ContractKind::kUnspecified;
  std::vector<OrientationType> orientation_types;  // the orientations it may follow
  int min_months = 1;
  int max_months = 12;
  int weekly_hours_default = 0;  // CONTRAT_ENGAGEMENT: 15
  int weekly_hours_max = 0;
  int max_months_after_return_to_work = 0;  // PACK_SORTIE: 6
  std::string reference;

  bool Fits(OrientationType t) const;
};

struct DelayRule {
  OrientationType orientation_type = OrientationType::kUnspecified;
  int months = 0;
  std::string reference;
};

struct DecisionRule {
  DecisionKind decision = DecisionKind::kUnspecified;
  int min_percent = 0, max_percent = 0;
  int min_months = 0, max_months = 0, max_months_on_repeat = 0;
  std::string reference;
};

struct ContractRules {
  std::string version;
  std::vector<KindRule> kinds;
  std::vector<DelayRule> contract_due;
  int renewal_days_before_end = 30;
  std::string renewal_reference;
  int review_interval_months = 3;
  std::string review_reference;
  int response_months = 1;
  std::string response_reference;
  int remobilisation_window_months = 3;
  std::string remobilisation_reference;
  std::vector<DecisionRule> decisions;

  // nullptr when the kind or the type has no rule.
  const KindRule* ForKind(ContractKind k) const;
  const DelayRule* DueAfterOrientation(OrientationType t) const;
  const DecisionRule* ForDecision(DecisionKind k) const;
};

// INVALID_ARGUMENT naming the first bad entry ("kinds[2].max_months: must be >= min_months").
// Every contract kind and every orientation type must have a rule.
absl::StatusOr<ContractRules> ParseContractRules(const std::string& json);

}  // namespace parcours::contracts

#endif  // PARCOURS_SERVICES_CONTRACTS_DOMAIN_RULES_H_
