// Validation of ingested records, table-driven: each broken field is named by its path.
#include "services/fraud/ingest/records.h"

#include <functional>

#include "gtest/gtest.h"
#include "services/fraud/tests/service_fixture.h"

namespace parcours::fraud {
namespace {

using testing::Declaration;
using testing::Household;
using testing::IncomeSeen;

std::vector<std::string> Fields(const errors::FieldViolations& v) {
  std::vector<std::string> out;
  for (const auto& f : v.list()) out.push_back(f.field);
  return out;
}

TEST(RecordsTest, HouseholdFieldsAreNamed) {
  struct Case {
    const char* name;
    std::function<void(v1::HouseholdRecord&)> breaks;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"caf with letters", [](auto& r) { r.set_caf_number("12345x7"); }, "caf_number"},
      {"caf too short", [](auto& r) { r.set_caf_number("123456"); }, "caf_number"},
      {"no beneficiary", [](auto& r) { r.clear_beneficiary_id(); }, "beneficiary_id"},
      {"member twice", [](auto& r) { r.set_member_ids(1, r.member_ids(0)); }, "member_ids[1]"},
      {"member with comma", [](auto& r) { r.set_member_ids(0, "a,b"); }, "member_ids[0]"},
      {"country name", [](auto& r) { r.mutable_address()->set_country("fr"); }, "address.country"},
      {"negative rsa", [](auto& r) { r.set_monthly_rsa_cents(-1); }, "monthly_rsa_cents"},
      {"31 April",
       [](auto& r) {
         r.mutable_rsa_since()->set_month(4);
         r.mutable_rsa_since()->set_day(31);
       },
       "rsa_since"},
      {"no tad", [](auto& r) { r.mutable_territory()->clear_tad(); }, "territory.tad"},
  };
  HouseholdFile ok;
  EXPECT_TRUE(ToHouseholdFile(Household("1234567"), &ok).empty());
  EXPECT_EQ(ok.member_ids.size(), 2u);
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    v1::HouseholdRecord r = Household("1234567");
    c.breaks(r);
    HouseholdFile out;
    EXPECT_EQ(Fields(ToHouseholdFile(r, &out)), std::vector<std::string>{c.field});
  }
}

TEST(RecordsTest, DeclarationAndCrossCheckFieldsAreNamed) {
  ByCafNumber<DeclarationInput> d;
  v1::DeclarationRecord twice = Declaration("1234567", 2024, 1, 10);
  *twice.add_amounts() = twice.amounts(0);
  EXPECT_EQ(Fields(ToDeclaration(twice, &d)), std::vector<std::string>{"amounts[1].category"});
  v1::DeclarationRecord year = Declaration("1234567", 1999, 1, 10);
  EXPECT_EQ(Fields(ToDeclaration(year, &d)), std::vector<std::string>{"period.year"});
  ASSERT_TRUE(ToDeclaration(Declaration("1234567", 2024, 2, 10), &d).empty());
  EXPECT_EQ(d.input.declaration.amounts[0], 10);

  ByCafNumber<CrossCheckInput> c;
  v1::CrossCheckRecord no_category = IncomeSeen("1234567", "r", 2024, 1, 5);
  no_category.clear_category();
  EXPECT_EQ(Fields(ToCrossCheck(no_category, &c)), std::vector<std::string>{"category"});
  v1::CrossCheckRecord persons = IncomeSeen("1234567", "r", 2024, 1, 5);
  persons.set_kind(v1::FACT_KIND_PERSONS_IN_HOUSEHOLD);
  EXPECT_EQ(Fields(ToCrossCheck(persons, &c)), std::vector<std::string>{"persons"});
  v1::CrossCheckRecord social = IncomeSeen("1234567", "r", 2024, 1, 5);
  social.set_source(v1::CROSS_CHECK_SOURCE_SOCIAL_WORKER);
  EXPECT_EQ(Fields(ToCrossCheck(social, &c)), std::vector<std::string>{"source"});
  ASSERT_TRUE(ToCrossCheck(IncomeSeen("1234567", "r", 2024, 1, 5), &c).empty());
  EXPECT_EQ(c.input.fact.source, FactSource::kPayroll);
  EXPECT_EQ(c.input.fact.amount_cents, 5);
}

}  // namespace
}  // namespace parcours::fraud
