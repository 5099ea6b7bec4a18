#include "services/orientation/domain/rules_engine.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "services/orientation/domain/identity_validation.h"

namespace parcours::orientation {

OrientationFacts FactsOf(const Beneficiary& b, absl::CivilDay today) {
  OrientationFacts f;
  f.barriers.insert(b.diagnostic.barriers.begin(), b.diagnostic.barriers.end());
  f.qualification = b.diagnostic.qualification_level;
  f.france_travail_registered = b.diagnostic.france_travail_registered;
  if (b.diagnostic.last_employment_end.has_value()) {
    const absl::CivilDay end = *b.diagnostic.last_employment_end;
    int months = static_cast<int>((today.year() - end.year()) * 12 + (today.month() - end.month()));
    if (today.day() < end.day()) --months;
    f.months_since_employment = std::max(0, months);
  }
  if (b.identity.birth_date.has_value()) f.age = AgeOn(*b.identity.birth_date, today);
  return f;
}

bool RuleCondition::Holds(const OrientationFacts& f) const {
  auto has = [&](Barrier b) { return f.barriers.count(b) > 0; };
  if (!barriers_any.empty() && std::none_of(barriers_any.begin(), barriers_any.end(), has))
    return false;
  if (std::any_of(barriers_none.begin(), barriers_none.end(), has)) return false;
  const int n = static_cast<int>(f.barriers.size());
  if (min_barriers && n < *min_barriers) return false;
  if (max_barriers && n > *max_barriers) return false;
  // An unknown qualification satisfies no bound on it.
  const bool qual_known = f.qualification != QualificationLevel::kUnspecified;
  if (qualification_at_most && (!qual_known || f.qualification > *qualification_at_most))
    return false;
  if (qualification_at_least && (!qual_known || f.qualification < *qualification_at_least))
    return false;
  if (france_travail_registered && f.france_travail_registered != *france_travail_registered)
    return false;
  const std::optional<int>& months = f.months_since_employment;
  if (months_since_employment_at_most && (!months || *months > *months_since_employment_at_most))
    return false;
  if (months_since_employment_at_least && months && *months < *months_since_employment_at_least)
    return false;
  if (never_worked && months.has_value() == *never_worked) return false;
  if (age_at_least && (!f.age || *f.age < *age_at_least)) return false;
  if (age_below && (!f.age || *f.age >= *age_below)) return false;
  return true;
}

namespace {

using Json = nlohmann::json;

absl::Status Bad(const std::string& where, const std::string& what) {
  return absl::InvalidArgumentError(absl::StrCat("orientation rules: ", where, ": ", what));
}

absl::StatusOr<std::vector<Barrier>> Barriers(const Json& v, const std::string& where) {
  if (!v.is_array()) return Bad(where, "must be a list of barrier names");
  std::vector<Barrier> out;
  for (const Json& name : v) {
    Barrier b = name.is_string() ? ParseBarrier(name.get<std::string>()) : Barrier::kUnspecified;
    if (b == Barrier::kUnspecified)
      return Bad(where, absl::StrCat("unknown barrier ", name.dump()));
    out.push_back(b);
  }
  return out;
}

absl::StatusOr<int> Int(const Json& v, const std::string& where) {
  if (!v.is_number_integer()) return Bad(where, "must be an integer");
  return v.get<int>();
}

absl::StatusOr<bool> Bool(const Json& v, const std::string& where) {
  if (!v.is_boolean()) return Bad(where, "must be true or false");
  return v.get<bool>();
}

absl::StatusOr<QualificationLevel> Qualification(const Json& v, const std::string& where) {
  QualificationLevel q = v.is_string() ? ParseQualificationLevel(v.get<std::string>())
                                       : QualificationLevel::kUnspecified;
  if (q == QualificationLevel::kUnspecified)
    return Bad(where, absl::StrCat("unknown level ", v.dump()));
  return q;
}

absl::StatusOr<OrientationType> Type(const Json& v, const std::string& where) {
  OrientationType t =
      v.is_string() ? ParseOrientationType(v.get<std::string>()) : OrientationType::kUnspecified;
  if (t == OrientationType::kUnspecified) {
    return Bad(where, "must be PROFESSIONAL, SOCIO_PROFESSIONAL or SOCIAL");
  }
  return t;
}

absl::StatusOr<RuleCondition> Condition(const Json& when, const std::string& rule) {
  RuleCondition c;
  if (!when.is_object()) return Bad(rule, "\"when\" must be an object");
  for (const auto& [key, v] : when.items()) {
    const std::string where = absl::StrCat(rule, ".when.", key);
#define PARCOURS_RULE_FIELD(name, parse)      \
  if (key == #name) {                         \
    auto parsed = parse(v, where);            \
    if (!parsed.ok()) return parsed.status(); \
    c.name = *parsed;                         \
    continue;                                 \
  }
    PARCOURS_RULE_FIELD(barriers_any, Barriers)
    PARCOURS_RULE_FIELD(barriers_none, Barriers)
    PARCOURS_RULE_FIELD(min_barriers, Int)
    PARCOURS_RULE_FIELD(max_barriers, Int)
    PARCOURS_RULE_FIELD(qualification_at_most, Qualification)
    PARCOURS_RULE_FIELD(qualification_at_least, Qualification)
    PARCOURS_RULE_FIELD(france_travail_registered, Bool)
    PARCOURS_RULE_FIELD(months_since_employment_at_most, Int)
    PARCOURS_RULE_FIELD(months_since_employment_at_least, Int)
    PARCOURS_RULE_FIELD(never_worked, Bool)
    PARCOURS_RULE_FIELD(age_at_least, Int)
    PARCOURS_RULE_FIELD(age_below, Int)
#undef PARCOURS_RULE_FIELD
    return Bad(where, "unknown condition");
  }
  return c;
}

std::string Text(const Json& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

absl::StatusOr<RulesEngine> RulesEngine::FromJson(const std::string& json) {
  Json doc = Json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) return Bad("file", "not a JSON object");
  RulesEngine engine;
  engine.version_ = Text(doc, "version");
  if (engine.version_.empty()) return Bad("file", "\"version\" is required");
  for (const auto& [key, v] : doc.items()) {
    if (key != "version" && key != "default" && key != "rules" && key != "comment") {
      return Bad("file", absl::StrCat("unknown key \"", key, "\""));
    }
  }
  auto def = doc.find("default");
  if (def == doc.end() || !def->is_object()) return Bad("default", "required object");
  auto def_type = Type(def->value("type", Json()), "default.type");
  if (!def_type.ok()) return def_type.status();
  engine.default_type_ = *def_type;
  engine.default_reason_ = Text(*def, "reason");
  if (engine.default_reason_.empty()) return Bad("default", "\"reason\" is required");

  auto rules = doc.find("rules");
  if (rules == doc.end() || !rules->is_array()) return Bad("rules", "required list");
  std::set<std::string> ids;
  for (size_t i = 0; i < rules->size(); ++i) {
    const Json& r = (*rules)[i];
    const std::string where = absl::StrCat("rules[", i, "]");
    if (!r.is_object()) return Bad(where, "must be an object");
    for (const auto& [key, v] : r.items()) {
      if (key != "id" && key != "when" && key != "suggest" && key != "reason" && key != "comment") {
        return Bad(where, absl::StrCat("unknown key \"", key, "\""));
      }
    }
    OrientationRule rule;
    rule.id = Text(r, "id");
    if (rule.id.empty() || rule.id == kDefaultRuleId || !ids.insert(rule.id).second) {
      return Bad(where, "\"id\" must be present, unique and not \"default\"");
    }
    auto type = Type(r.value("suggest", Json()), rule.id + ".suggest");
    if (!type.ok()) return type.status();
    rule.suggest = *type;
    rule.reason = Text(r, "reason");
    if (rule.reason.empty()) return Bad(rule.id, "\"reason\" is required");
    auto when = r.find("when");
    if (when == r.end()) return Bad(rule.id, "\"when\" is required");
    auto cond = Condition(*when, rule.id);
    if (!cond.ok()) return cond.status();
    rule.when = *cond;
    engine.rules_.push_back(std::move(rule));
  }
  return engine;
}

Suggestion RulesEngine::Suggest(const OrientationFacts& facts) const {
  Suggestion s;
  s.rules_version = version_;
  for (const OrientationRule& r : rules_) {
    if (r.when.Holds(facts)) s.fired.push_back({r.id, r.reason, r.suggest});
  }
  if (s.fired.empty()) {
    s.fired.push_back({kDefaultRuleId, default_reason_, default_type_});
  }
  s.type = s.fired.front().suggested_type;
  return s;
}

}  // namespace parcours::orientation
