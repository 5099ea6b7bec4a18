#include "services/fraud/domain/rule_set.h"

#include <cstdlib>
#include <set>

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"

namespace parcours::fraud {
namespace {

struct ThresholdSpec {
  const char* name;
  int64_t min;
  int64_t max;
};

struct RuleSpec {
  RuleId id;
  const char* name;
  std::vector<ThresholdSpec> thresholds;
};

// The rules this binary knows and the thresholds each one reads.
const std::vector<RuleSpec>& Specs() {
  static const auto* specs = new std::vector<RuleSpec>{
      {RuleId::kIncomeAboveDeclared,
       "income_above_declared",
       {{"min_gap_cents", 0, 100'000'000}, {"min_gap_percent", 0, 10'000}}},
      {RuleId::kDeclarationsMissing, "declarations_missing", {{"min_missing_quarters", 1, 40}}},
      {RuleId::kSharedBankAccount, "shared_bank_account", {{"min_households", 2, 1'000'000}}},
      {RuleId::kAbroadOrMailReturned, "abroad_or_mail_returned", {{"min_signals", 1, 100}}},
      {RuleId::kCompositionContradicted,
       "composition_contradicted",
       {{"min_person_difference", 1, 100}}},
      {RuleId::kLongRsaWithoutContract, "long_rsa_without_contract", {{"min_years", 1, 50}}},
  };
  return *specs;
}

absl::Status Bad(const std::string& key, const std::string& why) {
  return absl::InvalidArgumentError(absl::StrCat("rule set: ", key, ": ", why));
}

absl::StatusOr<int64_t> IntIn(const nlohmann::json& obj, const std::string& key,
                              const std::string& path, int64_t min, int64_t max) {
  auto it = obj.find(key);
  if (it == obj.end()) return Bad(path, "missing");
  if (!it->is_number_integer()) return Bad(path, "must be an integer");
  int64_t v = it->get<int64_t>();
  if (v < min || v > max) return Bad(path, absl::StrCat("must be in [", min, ", ", max, "]"));
  return v;
}

}  // namespace

const char* RuleName(RuleId id) { return Specs()[static_cast<int>(id)].name; }

int64_t RuleConfig::Threshold(const std::string& name) const {
  auto it = thresholds.find(name);
  if (it == thresholds.end()) std::abort();  // the parser checked every threshold
  return it->second;
}

absl::StatusOr<RuleSet> ParseRuleSet(const std::string& text) {
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) return Bad("(document)", "not a JSON object");
  RuleSet set;
  auto version = doc.find("version");
  if (version == doc.end() || !version->is_string() || version->get<std::string>().empty()) {
    return Bad("version", "a non-empty string is required");
  }
  set.version = version->get<std::string>();
  auto threshold = IntIn(doc, "case_threshold", "case_threshold", 1, 100'000);
  if (!threshold.ok()) return threshold.status();
  set.case_threshold = static_cast<int>(*threshold);
  auto lookback = IntIn(doc, "lookback_quarters", "lookback_quarters", 1, 40);
  if (!lookback.ok()) return lookback.status();
  set.lookback_quarters = static_cast<int>(*lookback);

  auto rules = doc.find("rules");
  if (rules == doc.end() || !rules->is_array()) return Bad("rules", "an array is required");
  std::set<std::string> seen;
  for (size_t i = 0; i < rules->size(); ++i) {
    const nlohmann::json& r = (*rules)[i];
    const std::string path = absl::StrCat("rules[", i, "]");
    if (!r.is_object()) return Bad(path, "must be an object");
    auto id = r.find("id");
    if (id == r.end() || !id->is_string()) return Bad(path + ".id", "a string is required");
    const std::string name = id->get<std::string>();
    const RuleSpec* spec = nullptr;
    for (const RuleSpec& s : Specs()) {
      if (name == s.name) spec = &s;
    }
    if (spec == nullptr) return Bad(path + ".id", absl::StrCat("unknown rule \"", name, "\""));
    if (!seen.insert(name).second) return Bad(path + ".id", "listed twice");
    RuleConfig& config = set.rules[static_cast<int>(spec->id)];
    config.id = spec->id;
    auto enabled = r.find("enabled");
    if (enabled == r.end() || !enabled->is_boolean()) {
      return Bad(path + ".enabled", "true or false is required");
    }
    config.enabled = enabled->get<bool>();
    auto weight = IntIn(r, "weight", path + ".weight", 0, 1000);
    if (!weight.ok()) return weight.status();
    config.weight = static_cast<int>(*weight);
    if (auto d = r.find("description"); d != r.end() && d->is_string()) {
      config.description = d->get<std::string>();
    }
    auto th = r.find("thresholds");
    if (th == r.end() || !th->is_object())
      return Bad(path + ".thresholds", "an object is required");
    for (const ThresholdSpec& t : spec->thresholds) {
      auto v = IntIn(*th, t.name, absl::StrCat(path, ".thresholds.", t.name), t.min, t.max);
      if (!v.ok()) return v.status();
      config.thresholds[t.name] = *v;
    }
    for (auto it = th->begin(); it != th->end(); ++it) {
      if (!config.thresholds.contains(it.key())) {
        return Bad(absl::StrCat(path, ".thresholds.", it.key()), "unknown threshold");
      }
    }
  }
  for (const RuleSpec& s : Specs()) {
    if (!seen.contains(s.name)) return Bad("rules", absl::StrCat("rule \"", s.name, "\" missing"));
  }
  return set;
}

}  // namespace parcours::fraud
