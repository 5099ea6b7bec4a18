#include "services/fraud/domain/household_facts.h"

#include <string_view>

namespace parcours::fraud {

namespace {

// Names as string views: parsing a million rows' names compares lengths before bytes.
constexpr std::string_view kIncomeCategoryNames[] = {
    "salary", "unemployment_benefit", "pension", "self_employment", "property", "other"};
constexpr std::string_view kFactKindNames[] = {"income", "persons_in_household", "residence_abroad",
                                               "mail_returned"};
constexpr std::string_view kFactSourceNames[] = {
    "cnav", "ficoba", "dgfip", "france_travail", "payroll", "postal", "social_worker"};

template <typename E, size_t N>
std::optional<E> ParseByName(std::string_view name, const std::string_view (&names)[N]) {
  for (size_t i = 0; i < N; ++i) {
    if (name == names[i]) return static_cast<E>(i);
  }
  return std::nullopt;
}

}  // namespace

// The views point at string literals, so data() is NUL-terminated.
const char* IncomeCategoryName(IncomeCategory c) {
  return kIncomeCategoryNames[static_cast<int>(c)].data();
}
const char* FactKindName(FactKind k) { return kFactKindNames[static_cast<int>(k)].data(); }
const char* FactSourceName(FactSource s) { return kFactSourceNames[static_cast<int>(s)].data(); }

std::optional<IncomeCategory> ParseIncomeCategory(const std::string& name) {
  return ParseByName<IncomeCategory>(name, kIncomeCategoryNames);
}
std::optional<FactKind> ParseFactKind(const std::string& name) {
  return ParseByName<FactKind>(name, kFactKindNames);
}
std::optional<FactSource> ParseFactSource(const std::string& name) {
  return ParseByName<FactSource>(name, kFactSourceNames);
}

}  // namespace parcours::fraud
