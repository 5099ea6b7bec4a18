// The indicator catalogue, as data: the fiches of the Pacte (the review's JSON: title,
// stage, axis, 2020 level, every figure it reports) joined with the definitions of what
// can be computed live from the projections (indicators.json: kind, computation,
// numerator/denominator selectors, target and comparator, period, breakdown, the review's
// series to show beside the live value, the /metrics headline it feeds).
//
//   ASSIGN_OR_RETURN(IndicatorCatalog catalog,
//                    LoadCatalog(pacte_json, definitions_json, store.SelectorValidator()));
//   for (const FicheDefinition& fiche : catalog.fiches) ...
#ifndef PARCOURS_SERVICES_EVALUATION_DOMAIN_INDICATOR_CATALOG_H_
#define PARCOURS_SERVICES_EVALUATION_DOMAIN_INDICATOR_CATALOG_H_

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/evaluation/domain/computation.h"

namespace parcours::evaluation {

enum class IndicatorKind { kRealisation, kResultat };
enum class Level { kUnspecified, kNonAtteint, kPartiellementAtteint, kAtteint };

std::optional<Level> ParseLevel(std::string_view name);  // "PARTIELLEMENT_ATTEINT"
const char* LevelName(Level level);

// A named population of the projections, with its parameters ({"fiche": "3-1"}).
struct SelectorRef {
  std::string name;
  std::map<std::string, std::string> params;
};

struct HistoryPoint {
  std::string series;
  std::string period;  // "2018", "2019S1"
  double value = 0;
};

struct IndicatorDefinition {
  std::string fiche;
  std::string id;
  std::string label;
  IndicatorKind kind = IndicatorKind::kRealisation;
  Computation computation = Computation::kCount;
  SelectorRef numerator;
  std::optional<SelectorRef> denominator;  // rates only
  std::string unit;
  std::optional<double> target;
  std::string comparator;      // set with target
  bool period_is_year = true;  // the period the target refers to
  bool by_tad = true;          // breakdown by TAD
  std::vector<std::string> history_series;
  std::string headline;  // /metrics headline name, or empty
};

struct FicheDefinition {
  std::string id;
  std::string title;
  std::string stage;
  std::string axis;
  Level level_2020 = Level::kUnspecified;
  std::vector<HistoryPoint> history;
  std::vector<IndicatorDefinition> indicators;
};

struct IndicatorCatalog {
  std::map<std::string, std::string> scale;  // level name → the review's definition
  std::vector<FicheDefinition> fiches;       // in the review's order
  std::vector<HistoryPoint> HistoryOf(const FicheDefinition& fiche,
                                      const IndicatorDefinition& indicator) const;
};

// Checks a selector reference against what the store can compute.
using SelectorValidator = std::function<absl::Status(const SelectorRef&)>;

// INVALID_ARGUMENT naming the file and the entry ("indicators.json indicators[3].target:
// ...") for malformed JSON, an unknown fiche, computation, comparator or selector.
absl::StatusOr<IndicatorCatalog> LoadCatalog(std::string_view pacte_json,
                                             std::string_view definitions_json,
                                             const SelectorValidator& validate_selector);

}  // namespace parcours::evaluation

#endif  // PARCOURS_SERVICES_EVALUATION_DOMAIN_INDICATOR_CATALOG_H_
