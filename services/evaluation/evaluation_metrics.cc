#include "services/evaluation/evaluation_metrics.h"

#include "services/evaluation/domain/event_mapping.h"

namespace parcours::evaluation {

EvaluationMetrics::EvaluationMetrics(prometheus::Registry& registry)
    : value_(prometheus::BuildGauge()
                 .Name("parcours_evaluation_indicator_value")
                 .Help("Current value of an indicator per territory (secrecy applied)")
                 .Register(registry)),
      target_(prometheus::BuildGauge()
                  .Name("parcours_evaluation_indicator_target")
                  .Help("Target of an indicator, in its unit")
                  .Register(registry)),
      headline_(prometheus::BuildGauge()
                    .Name("parcours_evaluation_headline")
                    .Help("Headline ratios (0-1) per territory (secrecy applied)")
                    .Register(registry)),
      lag_(prometheus::BuildGauge()
               .Name("parcours_events_consumer_lag_events")
               .Help("Events between a feed's head and the consumer's checkpoint")
               .Register(registry)) {
  // The lag series exist from the start, one per feed followed.
  for (const FeedSpec& feed : Feeds()) {
    lag_.Add({{"consumer", "evaluation.projections"}, {"feed", std::string(feed.name)}}).Set(0);
  }
}

void EvaluationMetrics::Replace(prometheus::Family<prometheus::Gauge>& family,
                                std::map<Labels, prometheus::Gauge*>& live,
                                const std::map<Labels, double>& values) {
  for (auto it = live.begin(); it != live.end();) {
    if (!values.contains(it->first)) {
      family.Remove(it->second);
      it = live.erase(it);
    } else {
      ++it;
    }
  }
  for (const auto& [labels, v] : values) {
    auto [it, added] = live.try_emplace(labels, nullptr);
    if (added) it->second = &family.Add(labels);
    it->second->Set(v);
  }
}

void EvaluationMetrics::Update(const BilanTable& table) {
  std::map<Labels, double> values;
  std::map<Labels, double> targets;
  std::map<Labels, double> headlines;
  for (const FicheResult& f : table.fiches) {
    for (const IndicatorResult& r : f.indicators) {
      const IndicatorDefinition& d = *r.definition;
      if (d.target.has_value()) targets[{{"fiche", d.fiche}, {"indicator", d.id}}] = *d.target;
      // Per TAD only: the catalogue's `tad` label holds TAD codes.
      for (const TerritoryCell& t : r.by_tad) {
        if (t.cell.suppressed() || !t.cell.value().has_value() || t.tad.empty()) continue;
        values[{{"fiche", d.fiche}, {"indicator", d.id}, {"tad", t.tad}}] = *t.cell.value();
        if (!d.headline.empty())
          headlines[{{"name", d.headline}, {"tad", t.tad}}] = *t.cell.value();
      }
    }
  }
  absl::MutexLock lock(&mu_);
  Replace(value_, live_values_, values);
  Replace(target_, live_targets_, targets);
  Replace(headline_, live_headlines_, headlines);
}

void EvaluationMetrics::UpdateLag(const std::vector<FeedStatus>& feeds) {
  for (const FeedStatus& s : feeds) {
    if (!s.lag.has_value()) continue;  // head unknown: keep the last value seen
    lag_.Add({{"consumer", "evaluation.projections"}, {"feed", s.feed}})
        .Set(static_cast<double>(*s.lag));
  }
}

}  // namespace parcours::evaluation
