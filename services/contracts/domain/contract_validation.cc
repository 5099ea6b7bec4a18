#include "services/contracts/domain/contract_validation.h"

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "libs/common/ids.h"
#include "services/contracts/domain/civil_dates.h"
#include "services/contracts/domain/deadlines.h"

namespace parcours::contracts {
namespace {

std::string Path(const std::string& prefix, const std::string& field) {
  return absl::StrCat(prefix, ".", field);
}

// Themes are vocabulary codes (Carnet de bord barriers, data·inclusion thematics):
// lower-case letters, digits, '_' and '-'.
bool IsThemeCode(const std::string& theme) {
  if (theme.empty() || theme.size() > 100) return false;
  for (char c : theme) {
    if (!absl::ascii_islower(c) && !absl::ascii_isdigit(c) && c != '_' && c != '-') return false;
  }
  return true;
}

void CheckText(const std::string& value, bool required, const std::string& path,
               errors::FieldViolations& v) {
  if (required && value.empty()) v.Add(path, "must not be empty");
  if (value.size() > kMaxTextLength) v.Add(path, absl::StrCat("at most ", kMaxTextLength, " bytes"));
}

void ValidateDuration(const KindRule& rule, const Contract& c, const std::string& prefix,
                      errors::FieldViolations& v) {
  if (c.end_date < c.start_date) {
    v.Add(Path(prefix, "end_date"), "must not be before start_date");
    return;
  }
  if (c.end_date < EarliestEnd(rule, c.start_date)) {
    v.Add(Path(prefix, "end_date"),
          absl::StrCat(Name(c.kind), " lasts at least ", rule.min_months, " month(s): end on or after ",
                       FormatCivilDay(EarliestEnd(rule, c.start_date)), " (", rule.reference, ")"));
  }
  if (c.end_date > LatestEnd(rule, c.start_date)) {
    v.Add(Path(prefix, "end_date"),
          absl::StrCat(Name(c.kind), " lasts at most ", rule.max_months, " month(s): end on or before ",
                       FormatCivilDay(LatestEnd(rule, c.start_date)), " (", rule.reference, ")"));
  }
}

void ValidateKindSpecifics(const KindRule& rule, const Contract& c, const std::string& prefix,
                           errors::FieldViolations& v) {
  if (c.kind == ContractKind::kContratEngagement) {
    if (c.weekly_hours < 1 || c.weekly_hours > rule.weekly_hours_max) {
      v.Add(Path(prefix, "weekly_hours"), absl::StrCat("must be in [1, ", rule.weekly_hours_max, "]"));
    } else if (c.weekly_hours < rule.weekly_hours_default && c.reduced_hours_reason.empty()) {
      v.Add(Path(prefix, "reduced_hours_reason"),
            absl::StrCat("required below ", rule.weekly_hours_default, " hours a week (",
                         rule.reference, ")"));
    }
  } else {
    if (c.weekly_hours != 0) v.Add(Path(prefix, "weekly_hours"), "only for CONTRAT_ENGAGEMENT");
    if (!c.reduced_hours_reason.empty()) {
      v.Add(Path(prefix, "reduced_hours_reason"), "only for CONTRAT_ENGAGEMENT");
    }
  }
  if (c.kind == ContractKind::kPackSortie) {
    if (!c.return_to_work_date.has_value()) {
      v.Add(Path(prefix, "return_to_work_date"), "required for PACK_SORTIE");
    } else {
      if (c.start_date < *c.return_to_work_date) {
        v.Add(Path(prefix, "start_date"), "a pack sortie starts at or after the return to work");
      }
      const absl::CivilDay limit =
          AddMonths(*c.return_to_work_date, rule.max_months_after_return_to_work);
      if (c.end_date > limit) {
        v.Add(Path(prefix, "end_date"),
              absl::StrCat("at most ", rule.max_months_after_return_to_work,
                           " months after the return to work: on or before ", FormatCivilDay(limit),
                           " (", rule.reference, ")"));
      }
    }
  } else if (c.return_to_work_date.has_value()) {
    v.Add(Path(prefix, "return_to_work_date"), "only for PACK_SORTIE");
  }
}

void ValidateObjectivesAndActions(const Contract& c, const std::string& prefix,
                                  errors::FieldViolations& v) {
  if (c.objectives.size() > kMaxObjectives) {
    v.Add(Path(prefix, "objectives"), absl::StrCat("at most ", kMaxObjectives));
  }
  if (c.actions.size() > kMaxActions) v.Add(Path(prefix, "actions"), absl::StrCat("at most ", kMaxActions));
  std::set<std::string> objective_ids;
  for (size_t i = 0; i < c.objectives.size(); ++i) {
    const Objective& o = c.objectives[i];
    const std::string p = absl::StrCat(prefix, ".objectives[", i, "]");
    CheckText(o.title, true, p + ".title", v);
    if (!IsThemeCode(o.theme)) {
      v.Add(p + ".theme", "a barrier or thematic code (lower case, '-' and '_'), e.g. mobilite");
    }
    if (o.id.size() > kMaxIdLength) v.Add(p + ".id", "at most 64 characters");
    if (!objective_ids.insert(o.id).second) v.Add(p + ".id", "duplicate objective id");
  }
  std::set<std::string> action_ids;
  for (size_t i = 0; i < c.actions.size(); ++i) {
    const Action& a = c.actions[i];
    const std::string p = absl::StrCat(prefix, ".actions[", i, "]");
    CheckText(a.title, true, p + ".title", v);
    if (objective_ids.count(a.objective_id) == 0) {
      v.Add(p + ".objective_id", "must name an objective of this contract");
    }
    if (a.id.size() > kMaxIdLength) v.Add(p + ".id", "at most 64 characters");
    if (!action_ids.insert(a.id).second) v.Add(p + ".id", "duplicate action id");
    if (a.offer_id.size() > kMaxIdLength) v.Add(p + ".offer_id", "at most 64 characters");
    if (a.prescription_id.size() > kMaxIdLength) v.Add(p + ".prescription_id", "at most 64 characters");
  }
}

}  // namespace

void ApplyDefaults(const ContractRules& rules, Contract& c, absl::Time now) {
  const KindRule* rule = rules.ForKind(c.kind);
  if (rule != nullptr && c.kind == ContractKind::kContratEngagement && c.weekly_hours == 0) {
    c.weekly_hours = rule->weekly_hours_default;
  }
  for (Objective& o : c.objectives) {
    if (o.status == ObjectiveStatus::kUnspecified) o.status = ObjectiveStatus::kInProgress;
    if (o.id.empty()) o.id = NewId("obj", now);
  }
  for (Action& a : c.actions) {
    if (a.status == ActionStatus::kUnspecified) a.status = ActionStatus::kPlanned;
    if (a.id.empty()) a.id = NewId("act", now);
  }
}

void ValidateContent(const ContractRules& rules, const Contract& c, const std::string& prefix,
                     errors::FieldViolations& v) {
  if (c.beneficiary_id.empty()) v.Add(Path(prefix, "beneficiary_id"), "required");
  if (c.beneficiary_id.size() > kMaxIdLength) v.Add(Path(prefix, "beneficiary_id"), "at most 64 characters");
  CheckText(c.insertion_project, c.kind != ContractKind::kPpae, Path(prefix, "insertion_project"), v);
  CheckText(c.reduced_hours_reason, false, Path(prefix, "reduced_hours_reason"), v);
  const KindRule* rule = rules.ForKind(c.kind);
  if (rule == nullptr) {
    v.Add(Path(prefix, "kind"), "required");
  } else {
    ValidateDuration(*rule, c, prefix, v);
    ValidateKindSpecifics(*rule, c, prefix, v);
  }
  ValidateObjectivesAndActions(c, prefix, v);
}

absl::Status CheckOrientationFits(const ContractRules& rules, ContractKind kind,
                                  const OrientationInfo& o) {
  if (o.exited) {
    return absl::FailedPreconditionError(
        absl::StrCat("beneficiary ", o.beneficiary_id, " has left the RSA"));
  }
  if (!o.oriented || o.type == OrientationType::kUnspecified) {
    return absl::FailedPreconditionError(
        absl::StrCat("beneficiary ", o.beneficiary_id, " is not oriented yet"));
  }
  const KindRule* rule = rules.ForKind(kind);
  if (rule == nullptr || !rule->Fits(o.type)) {
    return absl::FailedPreconditionError(absl::StrCat("a ", Name(kind), " does not follow a ",
                                                      Name(o.type), " orientation"));
  }
  return absl::OkStatus();
}

void ValidateDecision(const ContractRules& rules, const Decision& d, bool repeat,
                      const std::string& prefix, errors::FieldViolations& v) {
  CheckText(d.ep_opinion, true, Path(prefix, "ep_opinion"), v);
  CheckText(d.motivation, true, Path(prefix, "motivation"), v);
  if (d.kind == DecisionKind::kUnspecified) {
    v.Add(Path(prefix, "kind"), "required");
    return;
  }
  if (d.kind == DecisionKind::kMaintain) {
    if (d.percent != 0) v.Add(Path(prefix, "percent"), "no percent when the allowance is maintained");
    if (d.months != 0) v.Add(Path(prefix, "months"), "no months when the allowance is maintained");
    return;
  }
  const DecisionRule* rule = rules.ForDecision(d.kind);
  if (rule == nullptr) {
    v.Add(Path(prefix, "kind"), "no rule for this decision");
    return;
  }
  const int percent = d.kind == DecisionKind::kSuspension && d.percent == 0 ? 100 : d.percent;
  if (percent < rule->min_percent || percent > rule->max_percent) {
    v.Add(Path(prefix, "percent"), absl::StrCat("must be in [", rule->min_percent, ", ",
                                                rule->max_percent, "] (", rule->reference, ")"));
  }
  const int max_months = repeat ? rule->max_months_on_repeat : rule->max_months;
  if (d.months < rule->min_months || d.months > max_months) {
    v.Add(Path(prefix, "months"),
          absl::StrCat("must be in [", rule->min_months, ", ", max_months, "]",
                       repeat ? " on repeat" : "", " (", rule->reference, ")"));
  }
}

}  // namespace parcours::contracts
