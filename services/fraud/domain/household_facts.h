// What the rules see of one household file: plain values, no identity. The CAF number,
// names, street, member ids and territory are not here, so no rule can read them (the
// protected-attribute tests vary them and check the score does not move).
//
//   HouseholdFacts facts;
//   facts.persons = 2;
//   facts.country = "FR";
//   facts.declarations.push_back({.period = {2024, 3}, .amounts = {50000, 0, 0, 0, 0, 0}});
//   facts.cross_checks.push_back({.period = {2024, 3}, .kind = FactKind::kIncome,
//                                 .category = IncomeCategory::kSalary, .amount_cents = 90000});
#ifndef PARCOURS_SERVICES_FRAUD_DOMAIN_HOUSEHOLD_FACTS_H_
#define PARCOURS_SERVICES_FRAUD_DOMAIN_HOUSEHOLD_FACTS_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "services/fraud/domain/quarter.h"

namespace parcours::fraud {

enum class IncomeCategory {
  kSalary = 0,
  kUnemploymentBenefit,
  kPension,
  kSelfEmployment,
  kProperty,
  kOther,
};
inline constexpr int kIncomeCategoryCount = 6;
const char* IncomeCategoryName(IncomeCategory c);  // "salary", ...

enum class FactKind { kIncome, kPersonsInHousehold, kResidenceAbroad, kMailReturned };
const char* FactKindName(FactKind k);  // "income", ...

enum class FactSource {
  kCnav,
  kFicoba,
  kDgfip,
  kFranceTravail,
  kPayroll,
  kPostal,
  kSocialWorker,
};
const char* FactSourceName(FactSource s);  // "cnav", ...

// The reverse of the *Name functions (stored text → enum); nullopt for unknown text.
std::optional<IncomeCategory> ParseIncomeCategory(const std::string& name);
std::optional<FactKind> ParseFactKind(const std::string& name);
std::optional<FactSource> ParseFactSource(const std::string& name);

// One quarterly resource declaration (DTR): amounts for the whole quarter, by category.
struct Declaration {
  Quarter period;
  std::array<int64_t, kIncomeCategoryCount> amounts{};
};

// One fact another administration (or a social worker) reported.
struct CrossCheck {
  Quarter period;
  FactKind kind = FactKind::kIncome;
  IncomeCategory category = IncomeCategory::kOther;  // kIncome only
  int64_t amount_cents = 0;                          // kIncome only
  int persons = 0;                                   // kPersonsInHousehold only
  FactSource source = FactSource::kCnav;
};

struct HouseholdFacts {
  int persons = 1;                        // members declared in the file
  std::string country = "FR";             // ISO code of the address
  absl::CivilDay rsa_since;               // opening of the RSA right
  bool has_bank_account = true;           // false when no fingerprint was given
  std::vector<Declaration> declarations;  // any order
  std::vector<CrossCheck> cross_checks;   // any order
};

// What the rules need from outside the file, gathered by the caller.
struct ScoringContext {
  absl::CivilDay as_of;                // the scoring day
  int households_sharing_account = 1;  // files with this bank fingerprint (this one included)
  // Whether the beneficiary had a contract since as_of - min_years; nullopt when it was
  // not asked (not needed) or could not be known (contracts unavailable).
  std::optional<bool> had_contract_in_window;
  std::string contract_lookup_error;  // why it could not be known, if so
};

}  // namespace parcours::fraud

#endif  // PARCOURS_SERVICES_FRAUD_DOMAIN_HOUSEHOLD_FACTS_H_
