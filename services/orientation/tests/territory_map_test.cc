// The reference data: the embedded default map covers Essonne's 194 communes in 6 TADs,
// and malformed maps are refused with a message naming the problem.
#include "services/orientation/domain/territory_map.h"

#include "gtest/gtest.h"
#include "services/orientation/default_data.h"

namespace parcours::orientation {
namespace {

TEST(TerritoryMapTest, DefaultMapCoversEssonne) {
  absl::StatusOr<TerritoryMap> map = TerritoryMap::FromJson(DefaultTerritoriesJson());
  ASSERT_TRUE(map.ok()) << map.status();
  EXPECT_EQ(map->commune_count(), 194u);
  EXPECT_EQ(map->Tads().size(), 6u);
  std::optional<Territory> evry = map->ForCommune("91228");  // Évry-Courcouronnes
  ASSERT_TRUE(evry.has_value());
  EXPECT_EQ(evry->tad, "TAD-EST");
  EXPECT_EQ(evry->mds, "MDS-EVRY");
  std::optional<Territory> arpajon = map->ForCommune("91021");
  ASSERT_TRUE(arpajon.has_value());
  EXPECT_EQ(arpajon->tad, "TAD-CENTRE");
  EXPECT_EQ(arpajon->mds, "MDS-ARPAJON");
  EXPECT_FALSE(map->ForCommune("75056").has_value()) << "Paris is not in Essonne";
  EXPECT_EQ(map->TadOfMds("MDS-CORBEIL"), "TAD-EST");
}

TEST(TerritoryMapTest, RefusesInconsistentMaps) {
  const char* bad[] = {
      "not json",
      R"({"tads": [], "communes": []})",
      R"({"tads": [{"code": "T1", "mds": [{"code": "M1"}]}],
          "communes": [{"insee": "91001", "tad": "T1", "mds": "M2"}]})",
      R"({"tads": [{"code": "T1", "mds": [{"code": "M1"}]}, {"code": "T2", "mds": [{"code": "M1"}]}],
          "communes": [{"insee": "91001", "tad": "T1", "mds": "M1"}]})",
      R"({"tads": [{"code": "T1", "mds": [{"code": "M1"}]}],
          "communes": [{"insee": "91001", "tad": "T1", "mds": "M1"},
                       {"insee": "91001", "tad": "T1", "mds": "M1"}]})",
  };
  for (const char* json : bad) {
    EXPECT_EQ(TerritoryMap::FromJson(json).status().code(), absl::StatusCode::kInvalidArgument)
        << json;
  }
}

}  // namespace
}  // namespace parcours::orientation
