#include "services/catalogue/domain/validation.h"

#include <functional>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/catalogue/tests/test_offers.h"

namespace parcours::catalogue {
namespace {

using testdata::MakeDate;
using testdata::MakeSession;
using testdata::ValidOffer;
using testdata::ValidStructure;

std::vector<std::string> Fields(const errors::FieldViolations& v) {
  std::vector<std::string> out;
  for (const auto& f : v.list()) out.push_back(f.field);
  return out;
}

TEST(ValidateOfferTest, ValidOfferPasses) {
  v1::Offer o = ValidOffer("str_1");
  o.add_sessions()->CopyFrom(MakeSession(10, MakeDate(2025, 3, 1), MakeDate(2025, 3, 31)));
  errors::FieldViolations v;
  ValidateOffer(o, DefaultReferenceData(), "offer", v);
  EXPECT_TRUE(v.empty()) << v.ToStatus();
}

TEST(ValidateOfferTest, EachInvalidFieldIsNamed) {
  struct Case {
    std::string field;
    std::function<void(v1::Offer&)> change;
  };
  const std::vector<Case> cases = {
      {"offer.structure_id", [](v1::Offer& o) { o.clear_structure_id(); }},
      {"offer.structure_id", [](v1::Offer& o) { o.set_structure_id("bad id!"); }},
      {"offer.title", [](v1::Offer& o) { o.set_title("ab"); }},
      {"offer.title", [](v1::Offer& o) { o.set_title(std::string(151, 'x')); }},
      {"offer.summary", [](v1::Offer& o) { o.set_summary(std::string(281, 'x')); }},
      {"offer.description", [](v1::Offer& o) { o.clear_description(); }},
      {"offer.thematiques", [](v1::Offer& o) { o.clear_thematiques(); }},
      {"offer.thematiques[1]", [](v1::Offer& o) { o.add_thematiques("mobilite--voler"); }},
      {"offer.thematiques[1]", [](v1::Offer& o) { o.add_thematiques(o.thematiques(0)); }},
      {"offer.type", [](v1::Offer& o) { o.clear_type(); }},
      {"offer.type", [](v1::Offer& o) { o.set_type("stage"); }},
      {"offer.publics[1]", [](v1::Offer& o) { o.add_publics("martiens"); }},
      {"offer.publics", [](v1::Offer& o) { o.add_publics("tous-publics"); }},
      {"offer.modes_accueil[1]", [](v1::Offer& o) { o.add_modes_accueil("par-pigeon"); }},
      {"offer.mobilisable_par[0]", [](v1::Offer& o) { o.add_mobilisable_par("robots"); }},
      {"offer.modes_mobilisation[0]", [](v1::Offer& o) { o.add_modes_mobilisation("fax"); }},
      {"offer.frais", [](v1::Offer& o) { o.set_frais("cher"); }},
      {"offer.format", [](v1::Offer& o) { o.set_format(static_cast<v1::OfferFormat>(99)); }},
      {"offer.eligibility.min_age", [](v1::Offer& o) { o.mutable_eligibility()->set_min_age(-1); }},
      {"offer.eligibility.max_age",
       [](v1::Offer& o) {
         o.mutable_eligibility()->set_min_age(30);
         o.mutable_eligibility()->set_max_age(25);
       }},
      {"offer.eligibility.orientation_types[0]",
       [](v1::Offer& o) {
         o.mutable_eligibility()->add_orientation_types(v1::ORIENTATION_TYPE_UNSPECIFIED);
       }},
      {"offer.eligibility.max_months_since_entry",
       [](v1::Offer& o) { o.mutable_eligibility()->set_max_months_since_entry(-2); }},
      {"offer.eligibility.max_qualification_level",
       [](v1::Offer& o) { o.mutable_eligibility()->set_max_qualification_level(9); }},
      {"offer.territories.tads[1]",
       [](v1::Offer& o) { o.mutable_territories()->add_tads("TAD-LUNE"); }},
      {"offer.territories.mds[0]", [](v1::Offer& o) { o.mutable_territories()->add_mds("MDS-X"); }},
      {"offer.territories.communes[0]",
       [](v1::Offer& o) { o.mutable_territories()->add_communes("75056"); }},
      {"offer.capacity", [](v1::Offer& o) { o.set_capacity(-1); }},
      {"offer.sessions[0].places",
       [](v1::Offer& o) {
         *o.add_sessions() = MakeSession(0, MakeDate(2025, 1, 1), MakeDate(2025, 1, 2));
       }},
      {"offer.sessions[0].start_date",
       [](v1::Offer& o) {
         *o.add_sessions() = MakeSession(5, MakeDate(2025, 2, 30), MakeDate(2025, 3, 2));
       }},
      {"offer.sessions[0].end_date",
       [](v1::Offer& o) {
         *o.add_sessions() = MakeSession(5, MakeDate(2025, 3, 2), MakeDate(2025, 3, 1));
       }},
      {"offer.funding[1].source", [](v1::Offer& o) { o.add_funding()->set_amount_cents(1); }},
      {"offer.funding[0].amount_cents",
       [](v1::Offer& o) { o.mutable_funding(0)->set_amount_cents(-1); }},
      {"offer.budget_cents", [](v1::Offer& o) { o.set_budget_cents(-5); }},
      {"offer.pdi_fiche", [](v1::Offer& o) { o.set_pdi_fiche("39"); }},
      {"offer.volume_horaire_hebdomadaire",
       [](v1::Offer& o) { o.set_volume_horaire_hebdomadaire(100); }},
      {"offer.nombre_semaines", [](v1::Offer& o) { o.set_nombre_semaines(-1); }},
      {"offer.address.postal_code",
       [](v1::Offer& o) { o.mutable_address()->set_postal_code("9100"); }},
      {"offer.email", [](v1::Offer& o) { o.set_email("not-an-email"); }},
      {"offer.phone", [](v1::Offer& o) { o.set_phone("call me"); }},
      {"offer.lien_mobilisation", [](v1::Offer& o) { o.set_lien_mobilisation("ftp://x"); }},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.field);
    v1::Offer o = ValidOffer("str_1");
    c.change(o);
    errors::FieldViolations v;
    ValidateOffer(o, DefaultReferenceData(), "offer", v);
    EXPECT_THAT(Fields(v), ::testing::ElementsAre(c.field));
  }
}

TEST(ValidateStructureTest, ValidAndInvalid) {
  errors::FieldViolations ok;
  ValidateStructure(ValidStructure(), DefaultReferenceData(), "structure", ok);
  EXPECT_TRUE(ok.empty()) << ok.ToStatus();

  v1::Structure s = ValidStructure();
  s.set_name("");
  s.set_kind(v1::STRUCTURE_KIND_UNSPECIFIED);
  s.set_siret("123");
  s.set_website("www.example.org");
  errors::FieldViolations v;
  ValidateStructure(s, DefaultReferenceData(), "structure", v);
  EXPECT_THAT(Fields(v), ::testing::ElementsAre("structure.name", "structure.kind",
                                                "structure.siret", "structure.website"));
}

TEST(ValidateNewPrescriptionTest, RequiredFields) {
  v1::Prescription p;
  errors::FieldViolations v;
  ValidateNewPrescription(p, DefaultReferenceData(), "prescription", v);
  EXPECT_THAT(Fields(v),
              ::testing::ElementsAre("prescription.beneficiary_id", "prescription.offer_id",
                                     "prescription.territory.tad", "prescription.territory.mds"));
}

TEST(ValidateRequestIdTest, RequiredAndBounded) {
  errors::FieldViolations v1_, v2, v3, ok;
  ValidateRequestId("", v1_);
  ValidateRequestId(std::string(65, 'a'), v2);
  ValidateRequestId("has space", v3);
  ValidateRequestId("req-1", ok);
  EXPECT_EQ(Fields(v1_), std::vector<std::string>{"request_id"});
  EXPECT_EQ(Fields(v2), std::vector<std::string>{"request_id"});
  EXPECT_EQ(Fields(v3), std::vector<std::string>{"request_id"});
  EXPECT_TRUE(ok.empty());
}

TEST(ValidateUpdateMaskTest, OnlyUpdatablePaths) {
  google::protobuf::FieldMask mask;
  mask.add_paths("title");
  mask.add_paths("status");
  errors::FieldViolations v;
  ValidateUpdateMask(mask, UpdatableOfferPaths(), v);
  EXPECT_EQ(Fields(v), std::vector<std::string>{"update_mask.paths[1]"});
  errors::FieldViolations empty;
  ValidateUpdateMask(google::protobuf::FieldMask(), UpdatableOfferPaths(), empty);
  EXPECT_EQ(Fields(empty), std::vector<std::string>{"update_mask"});
}

TEST(EtagTest, DecimalVersions) {
  EXPECT_EQ(EtagVersion("12"), 12);
  EXPECT_EQ(EtagVersion("-1"), 0);
  EXPECT_EQ(EtagVersion("abc"), 0);
  EXPECT_EQ(EtagVersion("99999999999999999999"), 0);
}

}  // namespace
}  // namespace parcours::catalogue
