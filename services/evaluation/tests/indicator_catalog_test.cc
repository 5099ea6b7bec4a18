// Loading the catalogue: the embedded pacte and definitions load and every definition
// names a selector the store knows; malformed definitions are refused naming the entry.
#include "services/evaluation/domain/indicator_catalog.h"

#include "gtest/gtest.h"
#include "services/evaluation/evaluation_config.h"
#include "services/evaluation/store/selectors.h"

namespace parcours::evaluation {
namespace {

TEST(IndicatorCatalogTest, TheEmbeddedDataLoads) {
  auto catalog = LoadCatalog(DefaultPacteJson(), DefaultIndicatorsJson(), ValidateSelector);
  ASSERT_TRUE(catalog.ok()) << catalog.status();
  EXPECT_EQ(catalog->fiches.size(), 32u);
  EXPECT_EQ(catalog->scale.size(), 3u);
  int indicators = 0;
  std::set<std::string> headlines;
  for (const FicheDefinition& f : catalog->fiches) {
    indicators += static_cast<int>(f.indicators.size());
    for (const IndicatorDefinition& d : f.indicators) {
      if (!d.headline.empty()) headlines.insert(d.headline);
      // Every history series an indicator names exists in its fiche.
      for (const std::string& series : d.history_series) {
        EXPECT_FALSE(catalog->HistoryOf(f, {.history_series = {series}}).empty())
            << f.id << "/" << d.id << " " << series;
      }
    }
  }
  EXPECT_EQ(indicators, 30);
  EXPECT_EQ(headlines,
            (std::set<std::string>{"orientation_within_30_days", "contractualisation_rate",
                                   "positive_exit_rate", "recovery_rate"}));
  auto f317 = std::find_if(catalog->fiches.begin(), catalog->fiches.end(),
                           [](const FicheDefinition& f) { return f.id == "3-17"; });
  ASSERT_NE(f317, catalog->fiches.end());
  EXPECT_EQ(f317->level_2020, Level::kPartiellementAtteint);
  EXPECT_EQ(f317->history.size(), 10u);  // 4 + 4 + 2 figures of the review
}

TEST(IndicatorCatalogTest, MalformedDefinitionsAreRefusedNamingTheEntry) {
  const std::string pacte = DefaultPacteJson();
  auto load = [&](const std::string& indicator) {
    return LoadCatalog(pacte, "{\"indicators\": [" + indicator + "]}", ValidateSelector).status();
  };
  const std::string base =
      R"("fiche": "2-2", "id": "x", "label": "x", "unit": "ratio", "kind": "resultat")";
  EXPECT_TRUE(
      load("{" + base + R"(, "computation": "count", "numerator": {"selector": "entrants"}})")
          .ok());
  auto message = [&](const std::string& rest) {
    return std::string(load("{" + base + rest).message());
  };
  EXPECT_NE(message(R"(, "computation": "rate", "numerator": {"selector": "entrants"}})")
                .find("indicators[0].denominator"),
            std::string::npos);
  EXPECT_NE(message(R"(, "computation": "count", "numerator": {"selector": "nope"}})")
                .find("unknown selector 'nope'"),
            std::string::npos);
  EXPECT_NE(
      message(
          R"(, "computation": "count", "numerator": {"selector": "entrants"}, "target": 1, "comparator": "=>"})")
          .find("comparator"),
      std::string::npos);
  EXPECT_NE(
      message(R"(, "computation": "count", "numerator": {"selector": "entrants"}, "tagret": 1})")
          .find("tagret: unknown key"),
      std::string::npos);
  EXPECT_NE(
      std::string(
          load(
              R"({"fiche": "9-9", "id": "x", "label": "x", "unit": "u", "kind": "resultat", "computation": "count", "numerator": {"selector": "entrants"}})")
              .message())
          .find("no fiche 9-9"),
      std::string::npos);
  EXPECT_FALSE(LoadCatalog("not json", DefaultIndicatorsJson(), ValidateSelector).ok());
}

}  // namespace
}  // namespace parcours::evaluation
