#include "services/catalogue/domain/eligibility.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace parcours::catalogue {

CommuneSet ServedCommunes(const v1::Territories& territories, const ReferenceData& ref) {
  if (territories.tads().empty() && territories.mds().empty() && territories.communes().empty()) {
    return ref.AllCommunes();
  }
  CommuneSet served;
  for (const std::string& c : territories.tads()) served |= ref.CommunesOf(c);
  for (const std::string& c : territories.mds()) served |= ref.CommunesOf(c);
  for (const std::string& c : territories.communes()) served |= ref.CommunesOf(c);
  return served;
}

std::vector<std::string> IneligibilityReasons(const v1::Eligibility& rules,
                                              const CommuneSet& served,
                                              const v1::BeneficiaryProfile& profile,
                                              const ReferenceData& ref) {
  std::vector<std::string> reasons;
  if (profile.has_age()) {
    if (rules.min_age() > 0 && profile.age() < rules.min_age()) {
      reasons.push_back(absl::StrCat("age ", profile.age(), " below minimum ", rules.min_age()));
    }
    if (rules.max_age() > 0 && profile.age() > rules.max_age()) {
      reasons.push_back(absl::StrCat("age ", profile.age(), " above maximum ", rules.max_age()));
    }
  }
  if (rules.rsa_required() && profile.has_receives_rsa() && !profile.receives_rsa()) {
    reasons.push_back("reserved to RSA recipients");
  }
  if (!rules.orientation_types().empty() &&
      profile.orientation_type() != v1::ORIENTATION_TYPE_UNSPECIFIED &&
      std::find(rules.orientation_types().begin(), rules.orientation_types().end(),
                profile.orientation_type()) == rules.orientation_types().end()) {
    reasons.push_back(absl::StrCat(
        "orientation ", v1::OrientationType_Name(profile.orientation_type()), " not admitted"));
  }
  if (rules.max_months_since_entry() > 0 && profile.has_months_since_entry() &&
      profile.months_since_entry() > rules.max_months_since_entry()) {
    reasons.push_back(absl::StrCat("entered ", profile.months_since_entry(),
                                   " months ago, more than ", rules.max_months_since_entry()));
  }
  if (rules.max_qualification_level() > 0 && profile.has_qualification_level() &&
      profile.qualification_level() > rules.max_qualification_level()) {
    reasons.push_back(absl::StrCat("qualification level ", profile.qualification_level(), " above ",
                                   rules.max_qualification_level()));
  }
  if (!profile.commune_insee().empty()) {
    const std::optional<int> i = ref.CommuneIndex(profile.commune_insee());
    if (!i.has_value() || !served.test(*i)) {
      reasons.push_back(absl::StrCat("commune ", profile.commune_insee(), " not served"));
    }
  }
  return reasons;
}

bool IsEligible(const v1::Eligibility& rules, const CommuneSet& served,
                const v1::BeneficiaryProfile& profile, const ReferenceData& ref) {
  // Same rules as IneligibilityReasons, without building strings: this runs for every
  // candidate offer of a search.
  if (profile.has_age()) {
    if (rules.min_age() > 0 && profile.age() < rules.min_age()) return false;
    if (rules.max_age() > 0 && profile.age() > rules.max_age()) return false;
  }
  if (rules.rsa_required() && profile.has_receives_rsa() && !profile.receives_rsa()) return false;
  if (!rules.orientation_types().empty() &&
      profile.orientation_type() != v1::ORIENTATION_TYPE_UNSPECIFIED &&
      std::find(rules.orientation_types().begin(), rules.orientation_types().end(),
                profile.orientation_type()) == rules.orientation_types().end()) {
    return false;
  }
  if (rules.max_months_since_entry() > 0 && profile.has_months_since_entry() &&
      profile.months_since_entry() > rules.max_months_since_entry()) {
    return false;
  }
  if (rules.max_qualification_level() > 0 && profile.has_qualification_level() &&
      profile.qualification_level() > rules.max_qualification_level()) {
    return false;
  }
  if (!profile.commune_insee().empty()) {
    const std::optional<int> i = ref.CommuneIndex(profile.commune_insee());
    if (!i.has_value() || !served.test(*i)) return false;
  }
  return true;
}

}  // namespace parcours::catalogue
