// The bilan table, live: for each fiche, every indicator the definitions compute, for the
// whole scope and by TAD, published through statistical secrecy, compared with its
// target, next to the review's figures; and the fiche's achievement level.
//
//   ASSIGN_OR_RETURN(BilanTable table, ComputeBilan(catalog, samples, secrecy,
//                                                   Period::Year(2024), TerritoryScope{}));
#ifndef PARCOURS_SERVICES_EVALUATION_DOMAIN_BILAN_H_
#define PARCOURS_SERVICES_EVALUATION_DOMAIN_BILAN_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "services/evaluation/domain/achievement.h"
#include "services/evaluation/domain/computation.h"
#include "services/evaluation/domain/indicator_catalog.h"
#include "services/evaluation/domain/period.h"
#include "services/evaluation/domain/secrecy.h"

namespace parcours::evaluation {

// Whose figures: the whole Département, or the caller's TADs only (a référent).
struct TerritoryScope {
  bool all = true;
  std::vector<std::string> tads;  // when !all
};

struct SampleSet {
  Sample total;                          // over the whole scope
  std::map<std::string, Sample> by_tad;  // when asked, every TAD of the scope seen
};

// What the projections measure (implemented by the store).
class SampleSource {
 public:
  virtual ~SampleSource() = default;
  virtual absl::StatusOr<SampleSet> Measure(const SelectorRef& selector, const Period& period,
                                            const TerritoryScope& scope, bool by_tad) = 0;
};

struct TerritoryCell {
  std::string tad;
  Cell cell;
};

struct IndicatorResult {
  const IndicatorDefinition* definition;
  Cell total;
  std::vector<TerritoryCell> by_tad;
  std::optional<bool> target_met;
  std::vector<HistoryPoint> history;
};

struct FicheResult {
  const FicheDefinition* definition;
  Achievement achievement;
  std::vector<IndicatorResult> indicators;
};

struct BilanTable {
  Period period;
  int secrecy_k = 0;
  std::vector<FicheResult> fiches;
};

// `only_fiche` empty = every fiche. The catalog must outlive the table (it points into it).
absl::StatusOr<BilanTable> ComputeBilan(const IndicatorCatalog& catalog, SampleSource& samples,
                                        const Secrecy& secrecy, const Period& period,
                                        const TerritoryScope& scope,
                                        std::string_view only_fiche = "");

}  // namespace parcours::evaluation

#endif  // PARCOURS_SERVICES_EVALUATION_DOMAIN_BILAN_H_
