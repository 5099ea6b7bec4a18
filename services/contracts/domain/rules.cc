#include "services/contracts/domain/rules.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"

namespace parcours::contracts {
namespace {

using nlohmann::json;

absl::Status Bad(const std::string& path, const std::string& why) {
  return absl::InvalidArgumentError(absl::StrCat("contract rules: ", path, ": ", why));
}

// Reads an integer field with bounds; absent fields keep `fallback`.
absl::StatusOr<int> IntField(const json& j, const std::string& path, const char* key,
                             int fallback, int min, int max) {
  if (!j.contains(key)) return fallback;
  if (!j[key].is_number_integer()) return Bad(absl::StrCat(path, ".", key), "must be an integer");
  const int64_t v = j[key].get<int64_t>();
  if (v < min || v > max) {
    return Bad(absl::StrCat(path, ".", key), absl::StrCat("must be in [", min, ", ", max, "]"));
  }
  return static_cast<int>(v);
}

absl::StatusOr<std::string> Reference(const json& j, const std::string& path, const char* key) {
  if (!j.contains(key) || !j[key].is_string() || j[key].get<std::string>().empty()) {
    return Bad(absl::StrCat(path, ".", key), "a legal or departmental reference is required");
  }
  return j[key].get<std::string>();
}

absl::StatusOr<KindRule> ParseKind(const json& j, const std::string& path) {
  KindRule r;
  r.kind = ContractKindFromName(j.value("kind", ""));
  if (r.kind == ContractKind::kUnspecified) return Bad(path + ".kind", "unknown contract kind");
  if (!j.contains("orientation_types") || !j["orientation_types"].is_array() ||
      j["orientation_types"].empty()) {
    return Bad(path + ".orientation_types", "must list at least one orientation type");
  }
  for (const json& t : j["orientation_types"]) {
    OrientationType type = OrientationTypeFromName(t.is_string() ? t.get<std::string>() : "");
    if (type == OrientationType::kUnspecified) {
      return Bad(path + ".orientation_types", "unknown orientation type");
    }
    r.orientation_types.push_back(type);
  }
  absl::StatusOr<int> v = IntField(j, path, "min_months", 1, 1, 120);
  if (!v.ok()) return v.status();
  r.min_months = *v;
  v = IntField(j, path, "max_months", 12, 1, 120);
  if (!v.ok()) return v.status();
  r.max_months = *v;
  if (r.max_months < r.min_months) return Bad(path + ".max_months", "must be >= min_months");
  v = IntField(j, path, "weekly_hours_default", 0, 0, 60);
  if (!v.ok()) return v.status();
  r.weekly_hours_default = *v;
  v = IntField(j, path, "weekly_hours_max", r.weekly_hours_default, 0, 60);
  if (!v.ok()) return v.status();
  r.weekly_hours_max = *v;
  v = IntField(j, path, "max_months_after_return_to_work", 0, 0, 60);
  if (!v.ok()) return v.status();
  r.max_months_after_return_to_work = *v;
  absl::StatusOr<std::string> ref = Reference(j, path, "reference");
  if (!ref.ok()) return ref.status();
  r.reference = *ref;
  return r;
}

absl::StatusOr<DecisionRule> ParseDecision(const json& j, const std::string& path) {
  DecisionRule r;
  r.decision = DecisionKindFromName(j.value("decision", ""));
  if (r.decision == DecisionKind::kUnspecified || r.decision == DecisionKind::kMaintain) {
    return Bad(path + ".decision", "must be REDUCTION, SUSPENSION or SUSPENSION_REMOBILISATION");
  }
  struct Field {
    const char* key;
    int* out;
    int min, max;
  } fields[] = {{"min_percent", &r.min_percent, 1, 100},   {"max_percent", &r.max_percent, 1, 100},
                {"min_months", &r.min_months, 1, 24},      {"max_months", &r.max_months, 1, 24},
                {"max_months_on_repeat", &r.max_months_on_repeat, 1, 24}};
  for (const Field& f : fields) {
    if (!j.contains(f.key)) return Bad(absl::StrCat(path, ".", f.key), "required");
    absl::StatusOr<int> v = IntField(j, path, f.key, 0, f.min, f.max);
    if (!v.ok()) return v.status();
    *f.out = *v;
  }
  if (r.max_percent < r.min_percent) return Bad(path + ".max_percent", "must be >= min_percent");
  if (r.max_months < r.min_months) return Bad(path + ".max_months", "must be >= min_months");
  if (r.max_months_on_repeat < r.max_months) {
    return Bad(path + ".max_months_on_repeat", "must be >= max_months");
  }
  absl::StatusOr<std::string> ref = Reference(j, path, "reference");
  if (!ref.ok()) return ref.status();
  r.reference = *ref;
  return r;
}

}  // namespace

bool KindRule::Fits(OrientationType t) const {
  return std::find(orientation_types.begin(), orientation_types.end(), t) !=
         orientation_types.end();
}

const KindRule* ContractRules::ForKind(ContractKind k) const {
  for (const KindRule& r : kinds) {
    if (r.kind == k) return &r;
  }
  return nullptr;
}

const DelayRule* ContractRules::DueAfterOrientation(OrientationType t) const {
  for (const DelayRule& r : contract_due) {
    if (r.orientation_type == t) return &r;
  }
  return nullptr;
}

const DecisionRule* ContractRules::ForDecision(DecisionKind k) const {
  for (const DecisionRule& r : decisions) {
    if (r.decision == k) return &r;
  }
  return nullptr;
}

absl::StatusOr<ContractRules> ParseContractRules(const std::string& text) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return Bad("(file)", "not a JSON object");
  ContractRules rules;
  rules.version = j.value("version", "");
  if (rules.version.empty()) return Bad("version", "required");

  if (!j.contains("kinds") || !j["kinds"].is_array()) return Bad("kinds", "must be an array");
  for (size_t i = 0; i < j["kinds"].size(); ++i) {
    absl::StatusOr<KindRule> k = ParseKind(j["kinds"][i], absl::StrCat("kinds[", i, "]"));
    if (!k.ok()) return k.status();
    if (rules.ForKind(k->kind) != nullptr) {
      return Bad(absl::StrCat("kinds[", i, "].kind"), "duplicate kind");
    }
    rules.kinds.push_back(*std::move(k));
  }
  for (ContractKind k : kAllContractKinds) {
    if (rules.ForKind(k) == nullptr) return Bad("kinds", absl::StrCat("no rule for ", Name(k)));
  }

  if (!j.contains("contract_due_after_orientation") ||
      !j["contract_due_after_orientation"].is_array()) {
    return Bad("contract_due_after_orientation", "must be an array");
  }
  const json& due = j["contract_due_after_orientation"];
  for (size_t i = 0; i < due.size(); ++i) {
    const std::string path = absl::StrCat("contract_due_after_orientation[", i, "]");
    DelayRule d;
    d.orientation_type = OrientationTypeFromName(due[i].value("orientation_type", ""));
    if (d.orientation_type == OrientationType::kUnspecified) {
      return Bad(path + ".orientation_type", "unknown orientation type");
    }
    absl::StatusOr<int> months = IntField(due[i], path, "months", 0, 1, 24);
    if (!months.ok()) return months.status();
    if (!due[i].contains("months")) return Bad(path + ".months", "required");
    d.months = *months;
    absl::StatusOr<std::string> ref = Reference(due[i], path, "reference");
    if (!ref.ok()) return ref.status();
    d.reference = *ref;
    rules.contract_due.push_back(std::move(d));
  }
  for (OrientationType t : kAllOrientationTypes) {
    if (rules.DueAfterOrientation(t) == nullptr) {
      return Bad("contract_due_after_orientation", absl::StrCat("no delay for ", Name(t)));
    }
  }

  const json renewal = j.value("renewal", json::object());
  absl::StatusOr<int> v = IntField(renewal, "renewal", "days_before_end", 30, 0, 365);
  if (!v.ok()) return v.status();
  rules.renewal_days_before_end = *v;
  absl::StatusOr<std::string> ref = Reference(renewal, "renewal", "reference");
  if (!ref.ok()) return ref.status();
  rules.renewal_reference = *ref;

  const json review = j.value("review", json::object());
  v = IntField(review, "review", "interval_months", 3, 1, 24);
  if (!v.ok()) return v.status();
  rules.review_interval_months = *v;
  ref = Reference(review, "review", "reference");
  if (!ref.ok()) return ref.status();
  rules.review_reference = *ref;

  const json procedure = j.value("procedure", json::object());
  v = IntField(procedure, "procedure", "response_months", 1, 1, 12);
  if (!v.ok()) return v.status();
  rules.response_months = *v;
  ref = Reference(procedure, "procedure", "reference");
  if (!ref.ok()) return ref.status();
  rules.response_reference = *ref;
  v = IntField(procedure, "procedure", "remobilisation_window_months", 3, 1, 24);
  if (!v.ok()) return v.status();
  rules.remobilisation_window_months = *v;
  ref = Reference(procedure, "procedure", "remobilisation_reference");
  if (!ref.ok()) return ref.status();
  rules.remobilisation_reference = *ref;

  if (!j.contains("decisions") || !j["decisions"].is_array()) {
    return Bad("decisions", "must be an array");
  }
  for (size_t i = 0; i < j["decisions"].size(); ++i) {
    absl::StatusOr<DecisionRule> d =
        ParseDecision(j["decisions"][i], absl::StrCat("decisions[", i, "]"));
    if (!d.ok()) return d.status();
    rules.decisions.push_back(*std::move(d));
  }
  for (DecisionKind k : {DecisionKind::kReduction, DecisionKind::kSuspension,
                         DecisionKind::kSuspensionRemobilisation}) {
    if (rules.ForDecision(k) == nullptr) {
      return Bad("decisions", absl::StrCat("no bounds for ", Name(k)));
    }
  }
  return rules;
}

}  // namespace parcours::contracts
