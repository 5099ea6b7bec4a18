#include "services/fraud/domain/household_facts.h"

namespace parcours::fraud {

const char* IncomeCategoryName(IncomeCategory c) {
  static constexpr const char* kNames[] = {
      "salary", "unemployment_benefit", "pension", "self_employment", "property", "other"};
  return kNames[static_cast<int>(c)];
}

const char* FactKindName(FactKind k) {
  static constexpr const char* kNames[] = {"income", "persons_in_household", "residence_abroad",
                                           "mail_returned"};
  return kNames[static_cast<int>(k)];
}

const char* FactSourceName(FactSource s) {
  static constexpr const char* kNames[] = {"cnav",    "ficoba", "dgfip",        "france_travail",
                                           "payroll", "postal", "social_worker"};
  return kNames[static_cast<int>(s)];
}

namespace {
template <typename E, typename NameFn>
std::optional<E> ParseByName(const std::string& name, int count, NameFn fn) {
  for (int i = 0; i < count; ++i) {
    if (name == fn(static_cast<E>(i))) return static_cast<E>(i);
  }
  return std::nullopt;
}
}  // namespace

std::optional<IncomeCategory> ParseIncomeCategory(const std::string& name) {
  return ParseByName<IncomeCategory>(name, kIncomeCategoryCount, IncomeCategoryName);
}
std::optional<FactKind> ParseFactKind(const std::string& name) {
  return ParseByName<FactKind>(name, 4, FactKindName);
}
std::optional<FactSource> ParseFactSource(const std::string& name) {
  return ParseByName<FactSource>(name, 7, FactSourceName);
}

}  // namespace parcours::fraud
