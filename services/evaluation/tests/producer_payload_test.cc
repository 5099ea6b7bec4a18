// The adapters against orientation's and catalogue's events exactly as the producers
// build them (their own event builders, the ones their stores stage), so that a producer
// renumbering a field or changing a meaning fails here instead of the figures going
// silently wrong. (payload_compatibility_test.cc covers contracts and fraud.)
#include "absl/time/civil_time.h"
#include "gtest/gtest.h"
#include "libs/testing/status_matchers.h"
#include "parcours/catalogue/v1/catalogue.pb.h"
#include "services/catalogue/store/catalogue_events.h"
#include "services/evaluation/adapters/payload_adapters.h"
#include "services/orientation/events/orientation_events.h"

namespace parcours::evaluation {
namespace {

namespace po = parcours::orientation;
namespace pc = parcours::catalogue;

const absl::Time kNoon =
    absl::FromCivil(absl::CivilSecond(2024, 6, 10, 12, 0, 0), absl::UTCTimeZone());

po::Beneficiary Person() {
  po::Beneficiary b;
  b.id = "ben_01";
  b.territory = {.tad = "TAD-EST", .mds = "MDS-EVRY", .commune_insee = "91228"};
  b.subject_to_rights_and_duties = true;
  b.entry_date = absl::CivilDay(2024, 3, 4);
  return b;
}

std::optional<Fact> Decode(const std::string& source, events::v1::Event e) {
  e.set_sequence(7);
  absl::StatusOr<std::optional<Fact>> fact = DecodeEvent(source, e);
  EXPECT_TRUE(fact.ok()) << fact.status();
  return fact.ok() ? *fact : std::nullopt;
}

TEST(ProducerPayloadTest, OrientationEntered) {
  std::optional<Fact> f = Decode("orientation", po::BeneficiaryEnteredEvent(Person(), kNoon));
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->kind, FactKind::kBeneficiaryEntered);
  EXPECT_EQ(f->beneficiary_id, "ben_01");
  EXPECT_EQ(f->tad, "TAD-EST");
  EXPECT_EQ(f->mds, "MDS-EVRY");
  EXPECT_EQ(f->entry_date, absl::CivilDay(2024, 3, 4));
  EXPECT_EQ(f->subject_to_rights_and_duties, true);
}

TEST(ProducerPayloadTest, OrientationChangedCarriesRightsAndDuties) {
  po::Beneficiary b = Person();
  b.subject_to_rights_and_duties = false;
  std::optional<Fact> f = Decode(
      "orientation", po::BeneficiaryChangedEvent(b, {"subject_to_rights_and_duties"}, kNoon));
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->kind, FactKind::kRightsAndDutiesChanged);
  EXPECT_EQ(f->subject_to_rights_and_duties, false);
  b.subject_to_rights_and_duties = true;
  f = Decode("orientation", po::BeneficiaryChangedEvent(b, {"diagnostic"}, kNoon));
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->subject_to_rights_and_duties, true);
}

TEST(ProducerPayloadTest, OrientationOrientedAndReoriented) {
  const std::vector<std::pair<po::OrientationType, std::string>> types = {
      {po::OrientationType::kProfessional, "PROFESSIONAL"},
      {po::OrientationType::kSocioProfessional, "SOCIO_PROFESSIONAL"},
      {po::OrientationType::kSocial, "SOCIAL"}};
  for (const auto& [type, name] : types) {
    po::OrientationDecision d;
    d.id = "dec_1";
    d.beneficiary_id = "ben_01";
    d.type = type;
    d.decided_at = kNoon;
    std::optional<Fact> f = Decode("orientation", po::BeneficiaryOrientedEvent(Person(), d));
    ASSERT_TRUE(f.has_value()) << name;
    EXPECT_EQ(f->kind, FactKind::kOriented);
    EXPECT_EQ(f->orientation_type, name);
    EXPECT_EQ(f->entry_date, absl::CivilDay(2024, 3, 4));
  }
  po::OrientationDecision again;
  again.kind = po::DecisionKind::kReorientation;
  again.type = po::OrientationType::kSocial;
  again.decided_at = kNoon;
  std::optional<Fact> f = Decode("orientation", po::BeneficiaryOrientedEvent(Person(), again));
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->kind, FactKind::kReoriented);
  EXPECT_EQ(f->orientation_type, "SOCIAL");
}

// Only RETURN_TO_EMPLOYMENT is an exit to employment; income above the threshold is not.
TEST(ProducerPayloadTest, OrientationExitedReasonDecidesExitToEmployment) {
  const std::vector<std::pair<po::ExitReason, bool>> reasons = {
      {po::ExitReason::kReturnToEmployment, true}, {po::ExitReason::kIncomeAboveThreshold, false},
      {po::ExitReason::kEndOfRights, false},       {po::ExitReason::kMovedOut, false},
      {po::ExitReason::kDeceased, false},          {po::ExitReason::kOther, false}};
  for (const auto& [reason, employment] : reasons) {
    po::Beneficiary b = Person();
    b.status = po::BeneficiaryStatus::kExited;
    b.exit_date = absl::CivilDay(2024, 6, 1);
    b.exit_reason = reason;
    std::optional<Fact> f = Decode(
        "orientation", po::BeneficiaryExitedEvent(b, po::BeneficiaryStatus::kOriented, kNoon));
    ASSERT_TRUE(f.has_value());
    EXPECT_EQ(f->kind, FactKind::kBeneficiaryExited);
    EXPECT_EQ(f->exit_date, absl::CivilDay(2024, 6, 1));
    EXPECT_EQ(f->exit_to_employment, employment) << po::Name(reason);
  }
}

TEST(ProducerPayloadTest, CatalogueOfferCarriesPlacesBudgetAndTerritory) {
  pc::v1::Offer offer;
  offer.set_id("off_9");
  offer.set_structure_id("str_3");
  offer.set_pdi_fiche("3-9");
  offer.set_budget_cents(1250000);
  offer.mutable_territories()->add_tads("TAD-EST");
  offer.mutable_territories()->add_mds("MDS-EVRY");
  offer.add_sessions()->set_places(8);
  offer.add_sessions()->set_places(4);
  for (const char* what :
       {"created", "updated", "published", "places_changed", "suspended", "archived"}) {
    std::optional<Fact> f = Decode("catalogue", pc::OfferChangeEvent(offer, 3, what));
    ASSERT_TRUE(f.has_value()) << what;
    EXPECT_EQ(f->kind, FactKind::kOfferChanged);
    EXPECT_EQ(f->offer_id, "off_9");
    EXPECT_EQ(f->structure_id, "str_3");
    EXPECT_EQ(f->pdi_fiche, "3-9");
    EXPECT_EQ(f->places, 12);
    EXPECT_EQ(f->budget_cents, 1250000);
    EXPECT_EQ(f->tad, "TAD-EST");
    EXPECT_EQ(f->mds, "MDS-EVRY");
  }
  offer.clear_sessions();
  offer.set_capacity(15);
  std::optional<Fact> f = Decode("catalogue", pc::OfferChangeEvent(offer, 4, "updated"));
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->places, 15);
}

TEST(ProducerPayloadTest, CataloguePrescriptionCarriesOfferFicheOutcomeAndPerson) {
  pc::v1::Prescription p;
  p.set_id("prs_1");
  p.set_beneficiary_id("ben_01");
  p.set_offer_id("off_9");
  p.set_structure_id("str_3");
  p.set_pdi_fiche("3-9");
  p.mutable_territory()->set_tad("TAD-EST");
  p.mutable_territory()->set_mds("MDS-EVRY");
  p.set_status(pc::v1::PRESCRIPTION_STATUS_COMPLETED);
  p.set_outcome(pc::v1::EXIT_OUTCOME_EMPLOYMENT_CDI);
  p.set_positive_exit(true);
  std::optional<Fact> f =
      Decode("catalogue",
             pc::PrescriptionChangeEvent(p, pc::v1::PRESCRIPTION_STATUS_STARTED, "completed"));
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->kind, FactKind::kPrescriptionCompleted);
  EXPECT_EQ(f->aggregate_id, "prs_1");
  EXPECT_EQ(f->beneficiary_id, "ben_01");
  EXPECT_EQ(f->tad, "TAD-EST");
  EXPECT_EQ(f->offer_id, "off_9");
  EXPECT_EQ(f->structure_id, "str_3");
  EXPECT_EQ(f->pdi_fiche, "3-9");
  EXPECT_EQ(f->outcome, "EMPLOYMENT_CDI");
  EXPECT_TRUE(f->positive_exit);
  for (const auto& [what, kind] : std::vector<std::pair<std::string, FactKind>>{
           {"created", FactKind::kPrescriptionCreated},
           {"accepted", FactKind::kPrescriptionAccepted},
           {"refused", FactKind::kPrescriptionRefused},
           {"started", FactKind::kPrescriptionStarted},
           {"abandoned", FactKind::kPrescriptionAbandoned},
           {"cancelled", FactKind::kPrescriptionCancelled}}) {
    std::optional<Fact> g = Decode(
        "catalogue", pc::PrescriptionChangeEvent(p, pc::v1::PRESCRIPTION_STATUS_UNSPECIFIED, what));
    ASSERT_TRUE(g.has_value()) << what;
    EXPECT_EQ(g->kind, kind) << what;
  }
}

}  // namespace
}  // namespace parcours::evaluation
