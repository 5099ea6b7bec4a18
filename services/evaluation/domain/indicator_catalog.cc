#include "services/evaluation/domain/indicator_catalog.h"

#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"

namespace parcours::evaluation {
namespace {

using Json = nlohmann::json;

absl::Status Bad(const std::string& where, const std::string& what) {
  return absl::InvalidArgumentError(absl::StrCat(where, ": ", what));
}

// Reads without exceptions: a missing key or a wrong type is an error naming the path.
std::optional<std::string> Text(const Json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

absl::StatusOr<SelectorRef> ParseSelector(const Json& j, const std::string& where,
                                          const SelectorValidator& validate) {
  if (!j.is_object()) return Bad(where, "must be an object with a \"selector\"");
  SelectorRef ref;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it.key() == "selector") {
      if (!it->is_string()) return Bad(where + ".selector", "must be a string");
      ref.name = it->get<std::string>();
    } else if (it->is_string()) {
      ref.params[it.key()] = it->get<std::string>();
    } else if (it->is_number_integer()) {
      ref.params[it.key()] = std::to_string(it->get<int64_t>());
    } else {
      return Bad(where + "." + it.key(), "must be a string or an integer");
    }
  }
  if (ref.name.empty()) return Bad(where + ".selector", "is required");
  if (absl::Status s = validate(ref); !s.ok()) return Bad(where, std::string(s.message()));
  return ref;
}

absl::StatusOr<IndicatorDefinition> ParseIndicator(const Json& j, const std::string& where,
                                                   const SelectorValidator& validate) {
  if (!j.is_object()) return Bad(where, "must be an object");
  // A misspelt key must not be ignored silently.
  static const std::set<std::string> kKeys = {
      "fiche",     "id",          "label",    "kind",       "computation",   "unit",
      "numerator", "denominator", "target",   "comparator", "target_source", "period",
      "breakdown", "history",     "headline", "note"};
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (!kKeys.contains(it.key())) return Bad(where + "." + it.key(), "unknown key");
  }
  IndicatorDefinition d;
  for (auto [key, field] : {std::pair{"fiche", &d.fiche}, std::pair{"id", &d.id},
                            std::pair{"label", &d.label}, std::pair{"unit", &d.unit}}) {
    std::optional<std::string> v = Text(j, key);
    if (!v.has_value() || v->empty()) return Bad(where + "." + key, "is required (a string)");
    *field = *v;
  }
  const std::string kind = Text(j, "kind").value_or("");
  if (kind == "realisation") {
    d.kind = IndicatorKind::kRealisation;
  } else if (kind == "resultat") {
    d.kind = IndicatorKind::kResultat;
  } else {
    return Bad(where + ".kind", "must be \"realisation\" or \"resultat\"");
  }
  std::optional<Computation> computation = ParseComputation(Text(j, "computation").value_or(""));
  if (!computation) {
    return Bad(where + ".computation", "must be count, rate, median_delay, sum or mean");
  }
  d.computation = *computation;
  if (!j.contains("numerator")) return Bad(where + ".numerator", "is required");
  auto numerator = ParseSelector(j["numerator"], where + ".numerator", validate);
  if (!numerator.ok()) return numerator.status();
  d.numerator = *std::move(numerator);
  if (d.computation == Computation::kRate) {
    if (!j.contains("denominator")) return Bad(where + ".denominator", "a rate needs one");
    auto denominator = ParseSelector(j["denominator"], where + ".denominator", validate);
    if (!denominator.ok()) return denominator.status();
    d.denominator = *std::move(denominator);
  } else if (j.contains("denominator")) {
    return Bad(where + ".denominator", "only a rate has a denominator");
  }
  if (j.contains("target") && !j["target"].is_null()) {
    if (!j["target"].is_number()) return Bad(where + ".target", "must be a number");
    d.target = j["target"].get<double>();
    d.comparator = Text(j, "comparator").value_or("");
    if (!IsComparator(d.comparator)) {
      return Bad(where + ".comparator", "must be one of >=, <=, >, <, == with a target");
    }
  }
  const std::string period = Text(j, "period").value_or("year");
  if (period != "year" && period != "month") return Bad(where + ".period", "year or month");
  d.period_is_year = period == "year";
  const std::string breakdown = Text(j, "breakdown").value_or("tad");
  if (breakdown != "tad" && breakdown != "none") return Bad(where + ".breakdown", "tad or none");
  d.by_tad = breakdown == "tad";
  if (j.contains("history")) {
    if (!j["history"].is_array()) return Bad(where + ".history", "must be a list of series");
    for (const Json& s : j["history"]) {
      if (!s.is_string()) return Bad(where + ".history", "must be a list of series");
      d.history_series.push_back(s.get<std::string>());
    }
  }
  d.headline = Text(j, "headline").value_or("");
  return d;
}

absl::StatusOr<FicheDefinition> ParseFiche(const Json& j, const std::string& where) {
  FicheDefinition f;
  if (!j.is_object()) return Bad(where, "must be an object");
  f.id = Text(j, "id").value_or("");
  f.title = Text(j, "title").value_or("");
  f.stage = Text(j, "stage").value_or("");
  f.axis = Text(j, "axis").value_or("");
  if (f.id.empty()) return Bad(where + ".id", "is required");
  f.level_2020 = ParseLevel(Text(j, "level_2020").value_or("")).value_or(Level::kUnspecified);
  auto observed = j.find("observed");
  if (observed != j.end() && observed->is_object()) {
    for (auto series = observed->begin(); series != observed->end(); ++series) {
      if (!series->is_object()) continue;
      for (auto point = series->begin(); point != series->end(); ++point) {
        if (!point->is_number()) continue;
        f.history.push_back({series.key(), point.key(), point->get<double>()});
      }
    }
  }
  return f;
}

}  // namespace

std::optional<Level> ParseLevel(std::string_view name) {
  if (name == "NON_ATTEINT") return Level::kNonAtteint;
  if (name == "PARTIELLEMENT_ATTEINT") return Level::kPartiellementAtteint;
  if (name == "ATTEINT") return Level::kAtteint;
  return std::nullopt;
}

const char* LevelName(Level level) {
  switch (level) {
    case Level::kNonAtteint:
      return "NON_ATTEINT";
    case Level::kPartiellementAtteint:
      return "PARTIELLEMENT_ATTEINT";
    case Level::kAtteint:
      return "ATTEINT";
    case Level::kUnspecified:
      break;
  }
  return "";
}

std::vector<HistoryPoint> IndicatorCatalog::HistoryOf(const FicheDefinition& fiche,
                                                      const IndicatorDefinition& d) const {
  std::vector<HistoryPoint> out;
  for (const std::string& series : d.history_series) {
    for (const HistoryPoint& p : fiche.history) {
      if (p.series == series) out.push_back(p);
    }
  }
  return out;
}

absl::StatusOr<IndicatorCatalog> LoadCatalog(std::string_view pacte_json,
                                             std::string_view definitions_json,
                                             const SelectorValidator& validate) {
  const Json pacte = Json::parse(pacte_json.begin(), pacte_json.end(), nullptr, false);
  if (pacte.is_discarded() || !pacte.is_object()) return Bad("pacte file", "not a JSON object");
  const Json defs = Json::parse(definitions_json.begin(), definitions_json.end(), nullptr, false);
  if (defs.is_discarded() || !defs.is_object()) {
    return Bad("indicators file", "not a JSON object");
  }
  IndicatorCatalog catalog;
  if (auto scale = pacte.find("scale"); scale != pacte.end() && scale->is_object()) {
    if (auto d = scale->find("definitions"); d != scale->end() && d->is_object()) {
      for (auto it = d->begin(); it != d->end(); ++it) {
        if (it->is_string()) catalog.scale[it.key()] = it->get<std::string>();
      }
    }
  }
  for (const char* level : {"NON_ATTEINT", "PARTIELLEMENT_ATTEINT", "ATTEINT"}) {
    if (!catalog.scale.contains(level)) {
      return Bad("pacte file scale.definitions", absl::StrCat(level, " is missing"));
    }
  }
  auto actions = pacte.find("actions");
  if (actions == pacte.end() || !actions->is_array()) return Bad("pacte file actions", "a list");
  for (size_t i = 0; i < actions->size(); ++i) {
    auto fiche = ParseFiche((*actions)[i], absl::StrCat("pacte file actions[", i, "]"));
    if (!fiche.ok()) return fiche.status();
    catalog.fiches.push_back(*std::move(fiche));
  }
  auto indicators = defs.find("indicators");
  if (indicators == defs.end() || !indicators->is_array()) {
    return Bad("indicators file indicators", "must be a list");
  }
  std::set<std::string> ids;
  for (size_t i = 0; i < indicators->size(); ++i) {
    const std::string where = absl::StrCat("indicators file indicators[", i, "]");
    auto d = ParseIndicator((*indicators)[i], where, validate);
    if (!d.ok()) return d.status();
    if (!ids.insert(d->fiche + "/" + d->id).second) {
      return Bad(where + ".id", absl::StrCat("duplicate indicator ", d->id));
    }
    FicheDefinition* fiche = nullptr;
    for (FicheDefinition& f : catalog.fiches) {
      if (f.id == d->fiche) fiche = &f;
    }
    if (fiche == nullptr) return Bad(where + ".fiche", absl::StrCat("no fiche ", d->fiche));
    fiche->indicators.push_back(*std::move(d));
  }
  return catalog;
}

}  // namespace parcours::evaluation
