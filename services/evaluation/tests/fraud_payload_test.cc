// evaluation's fraud adapter against fraud's real payload (fraud.v1.CaseEvent, built with
// fraud's generated class and packed as fraud packs it): status and running totals reach
// the projections for every case event type evaluation follows.
#include "gtest/gtest.h"
#include "libs/testing/status_matchers.h"
#include "parcours/fraud/v1/fraud.pb.h"
#include "services/evaluation/adapters/payload_adapters.h"

namespace parcours::evaluation {
namespace {

events::v1::Event CaseEnvelope(const std::string& type, const fraud::v1::CaseEvent& payload) {
  events::v1::Event e;
  e.set_sequence(7);
  e.set_type(type);
  e.set_aggregate_type("case");
  e.set_aggregate_id(payload.case_id());
  e.set_beneficiary_id("ben-1");
  e.set_tad("TAD-EST");
  e.mutable_occurred_at()->set_seconds(1736935200);
  e.mutable_payload()->PackFrom(payload);
  return e;
}

TEST(FraudPayloadTest, CaseEventsCarryStatusAndRunningTotals) {
  fraud::v1::CaseEvent c;
  c.set_case_id("case-1");
  c.set_household_id("hh-1");
  c.set_status(fraud::v1::CASE_STATUS_QUALIFIED_FRAUD);
  c.set_score(65);
  c.add_fired_rule_ids("declarations_missing");
  c.set_overpayment_cents(240000);
  c.set_fine_cents(50000);
  c.set_recovered_cents(100000);
  c.set_year_opened(2025);
  for (const char* type :
       {"fraud.case.status_changed", "fraud.case.fine_imposed", "fraud.case.recovery_recorded"}) {
    ASSERT_OK_AND_ASSIGN(std::optional<Fact> fact, DecodeEvent("fraud", CaseEnvelope(type, c)));
    ASSERT_TRUE(fact.has_value()) << type;
    EXPECT_EQ(fact->kind, FactKind::kFraudCaseChanged) << type;
    EXPECT_TRUE(fact->qualified_fraud);
    EXPECT_EQ(fact->overpayment_cents, 240000);
    EXPECT_EQ(fact->fine_cents, 50000);
    EXPECT_EQ(fact->recovered_cents, 100000);
    EXPECT_EQ(fact->year_opened, 2025);
  }
  c.set_status(fraud::v1::CASE_STATUS_DETECTED);
  c.set_overpayment_cents(0);
  ASSERT_OK_AND_ASSIGN(std::optional<Fact> opened,
                       DecodeEvent("fraud", CaseEnvelope("fraud.case.opened", c)));
  ASSERT_TRUE(opened.has_value());
  EXPECT_EQ(opened->kind, FactKind::kFraudCaseOpened);
  EXPECT_FALSE(opened->qualified_fraud);
  EXPECT_EQ(opened->year_opened, 2025);
  // A type evaluation does not use is ignored.
  ASSERT_OK_AND_ASSIGN(std::optional<Fact> ignored,
                       DecodeEvent("fraud", CaseEnvelope("fraud.case.answer_recorded", c)));
  EXPECT_FALSE(ignored.has_value());
}

}  // namespace
}  // namespace parcours::evaluation
