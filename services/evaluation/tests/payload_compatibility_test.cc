// The adapters against the producers' real payloads, now that catalogue's and contracts'
// protos are on main: a message built with the producer's generated class, packed as the
// producer packs it, decodes through DecodeEvent into the fields the projections use.
// When a producer renumbers a field, this test fails here instead of the figures going
// silently wrong. (orientation and fraud: add theirs when their protos land.)
#include "gtest/gtest.h"
#include "libs/testing/status_matchers.h"
#include "parcours/catalogue/v1/catalogue.pb.h"
#include "parcours/contracts/v1/contracts.pb.h"
#include "services/evaluation/adapters/payload_adapters.h"

namespace parcours::evaluation {
namespace {

events::v1::Event Envelope(const std::string& type, const google::protobuf::Message& payload) {
  events::v1::Event e;
  e.set_sequence(1);
  e.set_type(type);
  e.set_aggregate_id("agg-1");
  e.set_beneficiary_id("ben-1");
  e.set_tad("TAD-EST");
  e.mutable_occurred_at()->set_seconds(1718000000);
  e.mutable_payload()->PackFrom(payload);
  return e;
}

TEST(PayloadCompatibilityTest, CataloguePrescriptionEvent) {
  catalogue::v1::PrescriptionEvent p;
  p.set_prescription_id("agg-1");
  p.set_offer_id("off-9");
  p.set_structure_id("str-3");
  p.set_pdi_fiche("3-7");
  p.set_status(catalogue::v1::PRESCRIPTION_STATUS_COMPLETED);
  p.set_outcome(catalogue::v1::EXIT_OUTCOME_BUSINESS_CREATION);
  p.set_positive_exit(true);
  ASSERT_OK_AND_ASSIGN(std::optional<Fact> fact,
                       DecodeEvent("catalogue", Envelope("catalogue.prescription.completed", p)));
  ASSERT_TRUE(fact.has_value());
  EXPECT_EQ(fact->kind, FactKind::kPrescriptionCompleted);
  EXPECT_EQ(fact->offer_id, "off-9");
  EXPECT_EQ(fact->structure_id, "str-3");
  EXPECT_EQ(fact->pdi_fiche, "3-7");
  EXPECT_EQ(fact->outcome, "BUSINESS_CREATION");
  EXPECT_TRUE(fact->positive_exit);
}

TEST(PayloadCompatibilityTest, CatalogueOfferEvent) {
  catalogue::v1::OfferEvent o;
  o.set_offer_id("off-9");
  o.set_structure_id("str-3");
  o.set_pdi_fiche("3-9");
  ASSERT_OK_AND_ASSIGN(std::optional<Fact> fact,
                       DecodeEvent("catalogue", Envelope("catalogue.offer.published", o)));
  ASSERT_TRUE(fact.has_value());
  EXPECT_EQ(fact->offer_id, "off-9");
  EXPECT_EQ(fact->pdi_fiche, "3-9");
  EXPECT_EQ(fact->places, 0);  // not set here; producer_payload_test checks fields 7 and 8
}

TEST(PayloadCompatibilityTest, ContractsContractChanged) {
  contracts::v1::ContractChanged c;
  c.set_kind(contracts::v1::PACK_SORTIE);
  c.set_status(contracts::v1::ACTIVE);
  ASSERT_OK_AND_ASSIGN(std::optional<Fact> fact,
                       DecodeEvent("contracts", Envelope("contracts.contract.activated", c)));
  ASSERT_TRUE(fact.has_value());
  EXPECT_EQ(fact->kind, FactKind::kContractActivated);
  EXPECT_EQ(fact->contract_kind, "PACK_SORTIE");
  // A type the projections do not use is ignored.
  ASSERT_OK_AND_ASSIGN(std::optional<Fact> ignored,
                       DecodeEvent("contracts", Envelope("contracts.contract.reviewed", c)));
  EXPECT_FALSE(ignored.has_value());
}

}  // namespace
}  // namespace parcours::evaluation
