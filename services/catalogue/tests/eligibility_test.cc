#include "services/catalogue/domain/eligibility.h"

#include "gtest/gtest.h"

namespace parcours::catalogue {
namespace {

const ReferenceData& Ref() { return DefaultReferenceData(); }

v1::Eligibility Rules() {
  v1::Eligibility e;
  e.set_min_age(18);
  e.set_max_age(25);
  e.set_rsa_required(true);
  e.add_orientation_types(v1::ORIENTATION_TYPE_SOCIO_PROFESSIONAL);
  e.add_orientation_types(v1::ORIENTATION_TYPE_SOCIAL);
  e.set_max_months_since_entry(6);
  e.set_max_qualification_level(4);
  return e;
}

v1::BeneficiaryProfile Fits() {
  v1::BeneficiaryProfile p;
  p.set_age(22);
  p.set_receives_rsa(true);
  p.set_orientation_type(v1::ORIENTATION_TYPE_SOCIAL);
  p.set_months_since_entry(3);
  p.set_qualification_level(3);
  p.set_commune_insee("91228");  // Évry-Courcouronnes, TAD-EST
  return p;
}

CommuneSet TadEst() {
  v1::Territories t;
  t.add_tads("TAD-EST");
  return ServedCommunes(t, Ref());
}

TEST(EligibilityTest, FittingProfileIsEligible) {
  EXPECT_TRUE(IsEligible(Rules(), TadEst(), Fits(), Ref()));
  EXPECT_TRUE(IneligibilityReasons(Rules(), TadEst(), Fits(), Ref()).empty());
}

TEST(EligibilityTest, EachRuleExcludes) {
  struct Case {
    const char* name;
    void (*change)(v1::BeneficiaryProfile&);
  };
  const Case cases[] = {
      {"too young", [](v1::BeneficiaryProfile& p) { p.set_age(17); }},
      {"too old", [](v1::BeneficiaryProfile& p) { p.set_age(26); }},
      {"no RSA", [](v1::BeneficiaryProfile& p) { p.set_receives_rsa(false); }},
      {"professional orientation",
       [](v1::BeneficiaryProfile& p) {
         p.set_orientation_type(v1::ORIENTATION_TYPE_PROFESSIONAL);
       }},
      {"entered too long ago", [](v1::BeneficiaryProfile& p) { p.set_months_since_entry(7); }},
      {"over-qualified", [](v1::BeneficiaryProfile& p) { p.set_qualification_level(5); }},
      {"commune not served", [](v1::BeneficiaryProfile& p) { p.set_commune_insee("91377"); }},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    v1::BeneficiaryProfile p = Fits();
    c.change(p);
    EXPECT_FALSE(IsEligible(Rules(), TadEst(), p, Ref()));
    EXPECT_EQ(IneligibilityReasons(Rules(), TadEst(), p, Ref()).size(), 1u);
  }
}

TEST(EligibilityTest, BoundsAreInclusive) {
  v1::BeneficiaryProfile p = Fits();
  p.set_age(18);
  EXPECT_TRUE(IsEligible(Rules(), TadEst(), p, Ref()));
  p.set_age(25);
  p.set_months_since_entry(6);
  p.set_qualification_level(4);
  EXPECT_TRUE(IsEligible(Rules(), TadEst(), p, Ref()));
}

TEST(EligibilityTest, UnknownCriteriaAreNotChecked) {
  EXPECT_TRUE(IsEligible(Rules(), TadEst(), v1::BeneficiaryProfile(), Ref()));
}

TEST(EligibilityTest, NoRulesAdmitEveryone) {
  v1::BeneficiaryProfile p = Fits();
  p.set_age(70);
  p.set_qualification_level(8);
  EXPECT_TRUE(IsEligible(v1::Eligibility(), Ref().AllCommunes(), p, Ref()));
}

TEST(ServedCommunesTest, UnionOfTadMdsAndCommunes) {
  v1::Territories t;
  t.add_mds("MDS-ETAMPES");
  t.add_communes("91377");  // Massy
  const CommuneSet served = ServedCommunes(t, Ref());
  EXPECT_TRUE(served.test(*Ref().CommuneIndex("91223")));  // Étampes, in MDS-ETAMPES
  EXPECT_TRUE(served.test(*Ref().CommuneIndex("91377")));
  EXPECT_FALSE(served.test(*Ref().CommuneIndex("91228")));  // Évry
}

TEST(ServedCommunesTest, NoTerritoryMeansTheWholeDepartement) {
  EXPECT_EQ(ServedCommunes(v1::Territories(), Ref()), Ref().AllCommunes());
  EXPECT_EQ(Ref().AllCommunes().count(), 194u);
}

}  // namespace
}  // namespace parcours::catalogue
