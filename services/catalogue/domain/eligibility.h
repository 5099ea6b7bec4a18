// Whether a beneficiary may be prescribed an offer, from the offer's eligibility rules and
// territories and what is known of the person. A criterion the profile leaves unset is
// not checked (the référent may not know it), so a partial profile never hides an offer
// the person might be eligible to.
//
//   v1::BeneficiaryProfile p;
//   p.set_age(22);
//   p.set_commune_insee("91228");
//   if (!IsEligible(offer.eligibility(), ServedCommunes(offer.territories(), ref), p, ref)) …
#ifndef PARCOURS_SERVICES_CATALOGUE_DOMAIN_ELIGIBILITY_H_
#define PARCOURS_SERVICES_CATALOGUE_DOMAIN_ELIGIBILITY_H_

#include <string>
#include <vector>

#include "parcours/catalogue/v1/catalogue.pb.h"
#include "services/catalogue/domain/reference_data.h"

namespace parcours::catalogue {

// The communes an offer (or structure) serves: its communes plus every commune of its TADs
// and MDS; the whole Département when it lists no territory.
CommuneSet ServedCommunes(const v1::Territories& territories, const ReferenceData& ref);

// Every rule the profile gives the information for must hold.
bool IsEligible(const v1::Eligibility& rules, const CommuneSet& served,
                const v1::BeneficiaryProfile& profile, const ReferenceData& ref);

// The reasons a profile is not eligible ("age 17 below minimum 18"), empty when eligible;
// for messages to people.
std::vector<std::string> IneligibilityReasons(const v1::Eligibility& rules,
                                              const CommuneSet& served,
                                              const v1::BeneficiaryProfile& profile,
                                              const ReferenceData& ref);

}  // namespace parcours::catalogue

#endif  // PARCOURS_SERVICES_CATALOGUE_DOMAIN_ELIGIBILITY_H_
