// The territory map: the embedded default covers every Essonne commune of INSEE's list
// (data/essonne-communes.json) in 6 TADs with a TAD per EPCI; lookups of unknown communes
// and MDS answer nothing; malformed or inconsistent maps and unreadable files are refused
// with a message naming the problem.
#include "libs/territory/territory_map.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace parcours::territory {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(TerritoryMapTest, DefaultMapCoversEssonne) {
  const TerritoryMap& map = TerritoryMap::Default();
  EXPECT_EQ(map.commune_count(), 194u);
  EXPECT_EQ(map.departement(), "91");
  EXPECT_EQ(map.Tads(),
            (std::vector<std::string>{"TAD-CENTRE", "TAD-EST", "TAD-NORD-EST", "TAD-NORD-OUEST",
                                      "TAD-SUD-EST", "TAD-SUD-OUEST"}));
  EXPECT_EQ(map.Mds().size(), 12u);
  std::optional<Territory> evry = map.ForCommune("91228");  // Évry-Courcouronnes
  ASSERT_TRUE(evry.has_value());
  EXPECT_EQ(evry->tad, "TAD-EST");
  EXPECT_EQ(evry->mds, "MDS-EVRY");
  EXPECT_EQ(evry->commune_insee, "91228");
  std::optional<Territory> arpajon = map.ForCommune("91021");
  ASSERT_TRUE(arpajon.has_value());
  EXPECT_EQ(arpajon->tad, "TAD-CENTRE");
  EXPECT_EQ(arpajon->mds, "MDS-ARPAJON");
  EXPECT_EQ(map.TadOfMds("MDS-CORBEIL"), "TAD-EST");
  EXPECT_TRUE(map.HasTad("TAD-SUD-OUEST"));
  EXPECT_TRUE(map.HasMds("MDS-ETAMPES"));
}

TEST(TerritoryMapTest, UnknownCommuneAndMdsAnswerNothing) {
  const TerritoryMap& map = TerritoryMap::Default();
  EXPECT_FALSE(map.ForCommune("75056").has_value()) << "Paris is not in Essonne";
  EXPECT_FALSE(map.ForCommune("").has_value());
  EXPECT_FALSE(map.ForCommune("9122").has_value());
  EXPECT_FALSE(map.TadOfMds("MDS-NOWHERE").has_value());
  EXPECT_FALSE(map.HasTad("TAD-LUNE"));
  EXPECT_FALSE(map.HasMds("MDS-EST"));
}

// The default map is built from INSEE's list (make_territories.py): every commune of the
// source is in it with its name and EPCI, and all communes of one EPCI share a TAD.
TEST(TerritoryMapTest, DefaultMapMatchesTheInseeSource) {
  const nlohmann::json source =
      nlohmann::json::parse(ReadFile(PARCOURS_TERRITORY_DATA_DIR "/essonne-communes.json"));
  const TerritoryMap& map = TerritoryMap::Default();
  ASSERT_EQ(source["communes"].size(), map.commune_count());
  std::map<std::string, const Commune*> by_insee;
  for (const Commune& c : map.communes()) by_insee[c.insee] = &c;
  std::map<std::string, std::set<std::string>> tads_of_epci;
  for (const nlohmann::json& c : source["communes"]) {
    const std::string insee = c["code_insee"];
    ASSERT_EQ(by_insee.count(insee), 1u) << insee;
    EXPECT_EQ(by_insee[insee]->name, c["nom"].get<std::string>());
    EXPECT_EQ(by_insee[insee]->epci, c["epci_code"].get<std::string>());
    tads_of_epci[c["epci_code"]].insert(by_insee[insee]->tad);
  }
  for (const auto& [epci, tads] : tads_of_epci) EXPECT_EQ(tads.size(), 1u) << epci;
}

TEST(TerritoryMapTest, RefusesMalformedAndInconsistentMaps) {
  const char* bad[] = {
      "not json",
      "[]",
      R"({"tads": [], "communes": []})",
      R"({"tads": {}, "communes": []})",
      R"({"tads": [{"code": "T1", "mds": []}], "communes": []})",
      R"({"tads": [{"mds": [{"code": "M1"}]}], "communes": []})",
      // an MDS outside the commune's TAD, or unknown
      R"({"tads": [{"code": "T1", "mds": [{"code": "M1"}]}],
          "communes": [{"insee": "91001", "tad": "T1", "mds": "M2"}]})",
      // one MDS in two TADs
      R"({"tads": [{"code": "T1", "mds": [{"code": "M1"}]}, {"code": "T2", "mds": [{"code": "M1"}]}],
          "communes": [{"insee": "91001", "tad": "T1", "mds": "M1"}]})",
      // a commune twice
      R"({"tads": [{"code": "T1", "mds": [{"code": "M1"}]}],
          "communes": [{"insee": "91001", "tad": "T1", "mds": "M1"},
                       {"insee": "91001", "tad": "T1", "mds": "M1"}]})",
      // not an INSEE code
      R"({"tads": [{"code": "T1", "mds": [{"code": "M1"}]}],
          "communes": [{"insee": "911", "tad": "T1", "mds": "M1"}]})",
      R"({"tads": [{"code": "T1", "mds": [{"code": "M1"}]}], "communes": ["91001"]})",
  };
  for (const char* json : bad) {
    EXPECT_EQ(TerritoryMap::FromJson(json).status().code(), absl::StatusCode::kInvalidArgument)
        << json;
  }
}

TEST(TerritoryMapTest, LoadsAFileAndNamesItWhenItIsBadOrMissing) {
  const std::string dir = ::testing::TempDir();
  const std::string good = dir + "/territory_good.json";
  std::ofstream(good) << R"({"version": "v2", "departement": "91",
      "tads": [{"code": "T1", "name": "Un", "mds": [{"code": "M1", "name": "Mds un"}]}],
      "communes": [{"insee": "91001", "name": "A", "tad": "T1", "mds": "M1"}]})";
  absl::StatusOr<TerritoryMap> map = TerritoryMap::FromFile(good);
  ASSERT_TRUE(map.ok()) << map.status();
  EXPECT_EQ(map->version(), "v2");
  EXPECT_EQ(map->ForCommune("91001")->mds, "M1");
  EXPECT_FALSE(map->ForCommune("91228").has_value());

  const std::string bad = dir + "/territory_bad.json";
  std::ofstream(bad) << R"({"tads": [{"code": "T1", "mds": [{"code": "M1"}]}],)";
  absl::Status s = TerritoryMap::FromFile(bad).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find(bad), std::string::npos) << s;

  absl::Status missing = TerritoryMap::FromFile(dir + "/no_such_map.json").status();
  EXPECT_EQ(missing.code(), absl::StatusCode::kNotFound);
  EXPECT_NE(missing.message().find("no_such_map.json"), std::string::npos) << missing;
  std::filesystem::remove(good);
  std::filesystem::remove(bad);
}

}  // namespace
}  // namespace parcours::territory
