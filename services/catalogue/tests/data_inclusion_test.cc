#include "services/catalogue/domain/data_inclusion.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace parcours::catalogue {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string ReadSample() {
  std::ifstream in(std::string(CATALOGUE_TEST_DATA) + "/data_inclusion_sample.json");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const ReferenceData& Ref() { return DefaultReferenceData(); }

TEST(DataInclusionTest, SampleParsesWithoutErrors) {
  absl::StatusOr<DataInclusionDocument> doc = ParseDataInclusion(ReadSample(), Ref());
  ASSERT_TRUE(doc.ok()) << doc.status();
  ASSERT_EQ(doc->structures.size(), 3u);
  ASSERT_EQ(doc->services.size(), 4u);
  for (const auto& s : doc->structures) EXPECT_TRUE(s.errors.empty()) << s.errors[0];
  for (const auto& s : doc->services) EXPECT_TRUE(s.errors.empty()) << s.errors[0];
  const v1::Offer& permis = doc->services[0].offer;
  EXPECT_EQ(permis.external_id(), "cd91--permis-b-accompagne");
  EXPECT_EQ(doc->services[0].structure_external_id, "cd91--atelier-mobilite-evry");
  EXPECT_EQ(permis.title(), "Permis B accompagné");
  EXPECT_THAT(permis.territories().communes(), ElementsAre("91174", "91228", "91286", "91521"));
  EXPECT_EQ(permis.nombre_semaines(), 12);
  EXPECT_TRUE(doc->services[1].offer.territories().communes().empty());  // "91"
}

// What the store does on import: ids, structure ids, status; then export.
TEST(DataInclusionTest, SampleRoundTrips) {
  const std::string text = ReadSample();
  absl::StatusOr<DataInclusionDocument> doc = ParseDataInclusion(text, Ref());
  ASSERT_TRUE(doc.ok()) << doc.status();
  std::vector<v1::Structure> structures;
  std::map<std::string, std::string> ids;
  for (const ImportedStructure& s : doc->structures) {
    v1::Structure st = s.structure;
    st.set_id("str_" + std::to_string(structures.size()));
    ids[s.external_id] = st.id();
    structures.push_back(st);
  }
  std::vector<v1::Offer> offers;
  for (const ImportedService& s : doc->services) {
    v1::Offer o = s.offer;
    o.set_id("off_" + std::to_string(offers.size()));
    o.set_structure_id(ids[s.structure_external_id]);
    offers.push_back(o);
  }
  const nlohmann::json out = nlohmann::json::parse(ExportDataInclusion(structures, offers, Ref()));
  nlohmann::json in = nlohmann::json::parse(text);
  const auto by_id = [](nlohmann::json arr) {
    std::sort(arr.begin(), arr.end(),
              [](const auto& a, const auto& b) { return a["id"] < b["id"]; });
    return arr;
  };
  EXPECT_EQ(by_id(in["services"]), out["services"]) << out["services"].dump(1);
  EXPECT_EQ(by_id(in["structures"]), out["structures"]) << out["structures"].dump(1);
}

TEST(DataInclusionTest, EachBadRecordSaysWhy) {
  const std::string text = R"({
    "structures": [
      {"id": "s1", "source": "x", "nom": "Ok structure", "date_maj": "2025-01-01"},
      {"id": "s2", "source": "x", "nom": "Bad siret", "siret": "12", "date_maj": "2025-01-01"},
      {"source": "x", "nom": "No id", "date_maj": "2025-13-01"},
      42
    ],
    "services": [
      {"id": "v1", "source": "x", "structure_id": "s1", "nom": "Service", "description": "d",
       "type": "atelier", "thematiques": ["numerique", "sante--sante-mentale"],
       "zone_eligibilite": ["75056"], "nombre_semaines": "douze", "date_maj": "2025-01-01"}
    ]})";
  absl::StatusOr<DataInclusionDocument> doc = ParseDataInclusion(text, Ref());
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_TRUE(doc->structures[0].errors.empty());
  EXPECT_THAT(doc->structures[1].errors, ElementsAre("siret: must be 14 digits"));
  EXPECT_THAT(doc->structures[2].errors,
              ElementsAre("id: required", "date_maj: must be a date YYYY-MM-DD"));
  EXPECT_THAT(doc->structures[3].errors, ElementsAre("not a JSON object"));
  const auto& errors = doc->services[0].errors;
  ASSERT_EQ(errors.size(), 3u) << ::testing::PrintToString(errors);
  EXPECT_THAT(errors[0], HasSubstr("nombre_semaines"));
  EXPECT_THAT(errors[1], HasSubstr("zone_eligibilite[0]"));
  EXPECT_THAT(errors[2], HasSubstr("thematiques[0]: unknown value \"numerique\""));
}

TEST(DataInclusionTest, EpciCodesExpandToCommunes) {
  const std::string text = R"({"services": [
      {"id": "v1", "source": "x", "structure_id": "s1", "nom": "Service", "description": "d",
       "type": "atelier", "thematiques": ["sante--sante-mentale"],
       "zone_eligibilite": ["249100595"], "date_maj": "2025-01-01"}]})";
  absl::StatusOr<DataInclusionDocument> doc = ParseDataInclusion(text, Ref());
  ASSERT_TRUE(doc.ok());
  ASSERT_TRUE(doc->services[0].errors.empty()) << doc->services[0].errors[0];
  EXPECT_EQ(doc->services[0].offer.territories().communes_size(), 11);  // CC du Dourdannais
}

// Found by data_inclusion_fuzz_test: two records with one id were both "valid", then the
// import applied both to one row and the export gave back one.
TEST(DataInclusionTest, AnIdRepeatedInOneDocumentRejectsTheLaterRecords) {
  const std::string structure =
      R"({"id": "s1", "source": "x", "nom": "Structure", "date_maj": "2025-01-01"})";
  const std::string service = R"({"id": "v1", "source": "x", "structure_id": "s1",
      "nom": "Service", "description": "d", "type": "atelier",
      "thematiques": ["sante--sante-mentale"], "date_maj": "2025-01-01"})";
  const std::string text =
      absl::StrCat(R"({"structures": [)", structure, ",", structure, ",", structure,
                   R"(], "services": [)", service, ",", service, "]}");
  absl::StatusOr<DataInclusionDocument> doc = ParseDataInclusion(text, Ref());
  ASSERT_TRUE(doc.ok()) << doc.status();
  ASSERT_EQ(doc->structures.size(), 3u);
  EXPECT_TRUE(doc->structures[0].errors.empty()) << doc->structures[0].errors[0];
  ASSERT_EQ(doc->structures[1].errors.size(), 1u);
  EXPECT_EQ(doc->structures[1].errors[0],
            "id: \"s1\" is already used by structures[0] in this document");
  ASSERT_EQ(doc->structures[2].errors.size(), 1u);
  EXPECT_THAT(doc->structures[2].errors[0], HasSubstr("structures[0]"));
  ASSERT_EQ(doc->services.size(), 2u);
  EXPECT_TRUE(doc->services[0].errors.empty()) << doc->services[0].errors[0];
  ASSERT_EQ(doc->services[1].errors.size(), 1u);
  EXPECT_EQ(doc->services[1].errors[0],
            "id: \"v1\" is already used by services[0] in this document");
}

TEST(DataInclusionTest, NotAnObjectIsInvalidArgument) {
  EXPECT_EQ(ParseDataInclusion("[1,2]", Ref()).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseDataInclusion("{\"services\": 3}", Ref()).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseDataInclusion("{not json", Ref()).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace parcours::catalogue
