#include "services/evaluation/domain/bilan.h"

#include <set>

#include "libs/common/status_macros.h"

namespace parcours::evaluation {
namespace {

absl::StatusOr<IndicatorResult> ComputeIndicator(const IndicatorCatalog& catalog,
                                                 const FicheDefinition& fiche,
                                                 const IndicatorDefinition& d,
                                                 SampleSource& samples, const Secrecy& secrecy,
                                                 const Period& period, const TerritoryScope& scope,
                                                 IndicatorAssessment& assessment) {
  ASSIGN_OR_RETURN(SampleSet numerator, samples.Measure(d.numerator, period, scope, d.by_tad));
  SampleSet denominator;
  if (d.denominator.has_value()) {
    ASSIGN_OR_RETURN(denominator, samples.Measure(*d.denominator, period, scope, d.by_tad));
  }
  const bool rate = d.denominator.has_value();
  const Figure total = Compute(d.computation, numerator.total, rate ? &denominator.total : nullptr);
  IndicatorResult result{.definition = &d,
                         .total = secrecy.Publish(total),
                         .by_tad = {},
                         .target_met = std::nullopt,
                         .history = catalog.HistoryOf(fiche, d)};
  if (d.by_tad) {
    std::set<std::string> tads;
    for (const auto& [tad, s] : numerator.by_tad) tads.insert(tad);
    for (const auto& [tad, s] : denominator.by_tad) tads.insert(tad);
    for (const std::string& tad : tads) {
      const Sample empty;
      auto n = numerator.by_tad.find(tad);
      auto m = denominator.by_tad.find(tad);
      const Figure f =
          Compute(d.computation, n == numerator.by_tad.end() ? empty : n->second,
                  rate ? (m == denominator.by_tad.end() ? &empty : &m->second) : nullptr);
      result.by_tad.push_back({tad, secrecy.Publish(f)});
    }
  }
  // The target is checked on the published cell: a hidden figure is not checkable, so a
  // level never reveals what secrecy hides.
  const bool same_period = d.period_is_year == period.whole_year;
  if (d.target.has_value() && same_period && result.total.value().has_value()) {
    result.target_met = MeetsTarget(*result.total.value(), d.comparator, *d.target);
  }
  assessment.activity = numerator.total.population > 0 || numerator.total.measure > 0;
  assessment.has_target = d.target.has_value();
  assessment.target_met = result.target_met;
  return result;
}

}  // namespace

absl::StatusOr<BilanTable> ComputeBilan(const IndicatorCatalog& catalog, SampleSource& samples,
                                        const Secrecy& secrecy, const Period& period,
                                        const TerritoryScope& scope, std::string_view only_fiche) {
  BilanTable table{.period = period, .secrecy_k = secrecy.k(), .fiches = {}};
  for (const FicheDefinition& fiche : catalog.fiches) {
    if (!only_fiche.empty() && fiche.id != only_fiche) continue;
    FicheResult out{.definition = &fiche, .achievement = {}, .indicators = {}};
    std::vector<IndicatorAssessment> assessments;
    for (const IndicatorDefinition& d : fiche.indicators) {
      IndicatorAssessment a;
      ASSIGN_OR_RETURN(IndicatorResult r,
                       ComputeIndicator(catalog, fiche, d, samples, secrecy, period, scope, a));
      out.indicators.push_back(std::move(r));
      assessments.push_back(a);
    }
    out.achievement = Assess(assessments);
    table.fiches.push_back(std::move(out));
  }
  return table;
}

}  // namespace parcours::evaluation
