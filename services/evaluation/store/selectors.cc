#include "services/evaluation/store/selectors.h"

#include <functional>
#include <map>
#include <set>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/common/clock.h"
#include "libs/common/status_macros.h"

namespace parcours::evaluation {
namespace {

// One selector as SQL: `from_where` ends with a WHERE clause the scope can extend with
// AND; `measure` is an aggregate; `value` (values selectors) a per-row expression.
struct SelectorSql {
  std::string from_where;
  storage::Params params;
  std::string tad_column;     // empty: not territorial (no breakdown, no scope filter)
  std::string person_column;  // empty: not about people (population 0, never hidden)
  std::string measure;
  std::string value;
};

using Builder = std::function<SelectorSql(const SelectorRef&, const Period&)>;

struct SelectorEntry {
  std::set<std::string> params;
  Builder build;
};

std::string Param(const SelectorRef& ref, const std::string& key) {
  auto it = ref.params.find(key);
  return it == ref.params.end() ? "" : it->second;
}

// Adds "AND column = ?" when the parameter is given.
void FilterIf(SelectorSql& sql, const SelectorRef& ref, const std::string& key,
              const std::string& column) {
  const std::string v = Param(ref, key);
  if (v.empty()) return;
  absl::StrAppend(&sql.from_where, " AND ", column, " = ?");
  sql.params.push_back(v);
}

int64_t Micros(absl::CivilDay day) {
  return absl::ToUnixMicros(absl::FromCivil(day, LegalTimeZone()));
}

SelectorSql Beneficiaries(const std::string& where, storage::Params params) {
  return {absl::StrCat("FROM eval_beneficiaries b WHERE ", where),
          std::move(params),
          "b.tad",
          "b.beneficiary_id",
          "COUNT(*)",
          ""};
}

SelectorSql Prescriptions(const SelectorRef& ref, const std::string& where, storage::Params params,
                          bool people) {
  SelectorSql sql{absl::StrCat("FROM eval_prescriptions p WHERE ", where),
                  std::move(params),
                  "p.tad",
                  "p.beneficiary_id",
                  people ? "COUNT(DISTINCT p.beneficiary_id)" : "COUNT(*)",
                  ""};
  FilterIf(sql, ref, "fiche", "p.pdi_fiche");
  return sql;
}

SelectorSql FraudCases(const Period& p, const std::string& extra, const std::string& measure) {
  return {
      absl::StrCat("FROM eval_fraud_cases f WHERE f.opened_day >= ? AND f.opened_day < ?", extra),
      {p.from_day(), p.to_day()},
      "f.tad",
      "f.beneficiary_id",
      measure,
      ""};
}

SelectorSql Stock(const SelectorRef& ref, const Period& p, bool with_contract) {
  // In the RSA and subject to rights and duties on the period's last day.
  SelectorSql sql = Beneficiaries(
      "b.subject_rd = 1 AND b.entry_day < ? AND (b.exit_day IS NULL OR b.exit_day >= ?)",
      {p.to_day(), p.to_day()});
  FilterIf(sql, ref, "orientation_type", "b.orientation_type");
  if (with_contract) {
    absl::StrAppend(&sql.from_where,
                    " AND EXISTS (SELECT 1 FROM eval_contracts c WHERE c.beneficiary_id = "
                    "b.beneficiary_id AND c.activated_day < ? AND (c.ended_day IS NULL OR "
                    "c.ended_day >= ?))");
    sql.params.push_back(p.to_day());
    sql.params.push_back(p.to_day());
  }
  return sql;
}

SelectorSql Responses(const SelectorRef& ref, const Period& p) {
  SelectorSql sql{
      "FROM eval_survey_responses r JOIN eval_surveys s ON s.id = r.survey_id "
      "WHERE r.submitted_at_us >= ? AND r.submitted_at_us < ?",
      {Micros(p.from), Micros(p.to)},
      "",
      "r.respondent_digest",
      "COUNT(*)",
      ""};
  FilterIf(sql, ref, "audience", "s.audience");
  return sql;
}

const std::map<std::string, SelectorEntry>& Selectors() {
  static const auto* const kSelectors = new std::map<std::string, SelectorEntry>{
      {"entrants",
       {{},
        [](const SelectorRef&, const Period& p) {
          return Beneficiaries("b.entry_day >= ? AND b.entry_day < ?", {p.from_day(), p.to_day()});
        }}},
      {"entrants_oriented_within",
       {{"days"},
        [](const SelectorRef& ref, const Period& p) {
          int64_t days = 30;
          (void)absl::SimpleAtoi(Param(ref, "days"), &days);
          return Beneficiaries(
              "b.entry_day >= ? AND b.entry_day < ? AND b.oriented_day IS NOT NULL AND "
              "b.oriented_day - b.entry_day <= ?",
              {p.from_day(), p.to_day(), days});
        }}},
      {"oriented",
       {{},
        [](const SelectorRef&, const Period& p) {
          return Beneficiaries("b.oriented_day >= ? AND b.oriented_day < ?",
                               {p.from_day(), p.to_day()});
        }}},
      {"orientation_delay_days",
       {{},
        [](const SelectorRef&, const Period& p) {
          SelectorSql sql = Beneficiaries(
              "b.oriented_day >= ? AND b.oriented_day < ? AND b.entry_day IS NOT NULL",
              {p.from_day(), p.to_day()});
          sql.value = "b.oriented_day - b.entry_day";
          return sql;
        }}},
      {"convocations",
       {{},
        [](const SelectorRef&, const Period& p) {
          return SelectorSql{
              "FROM eval_timeline t WHERE t.kind = 'convened' AND t.day >= ? "
              "AND t.day < ?",
              {p.from_day(), p.to_day()},
              "t.tad",
              "t.beneficiary_id",
              "COUNT(*)",
              ""};
        }}},
      {"convened",
       {{},
        [](const SelectorRef&, const Period& p) {
          return SelectorSql{
              "FROM eval_timeline t WHERE t.kind = 'convened' AND t.day >= ? "
              "AND t.day < ?",
              {p.from_day(), p.to_day()},
              "t.tad",
              "t.beneficiary_id",
              "COUNT(DISTINCT t.beneficiary_id)",
              ""};
        }}},
      {"rights_and_duties_stock",
       {{"orientation_type"},
        [](const SelectorRef& ref, const Period& p) { return Stock(ref, p, false); }}},
      {"rights_and_duties_stock_with_contract",
       {{"orientation_type"},
        [](const SelectorRef& ref, const Period& p) { return Stock(ref, p, true); }}},
      {"contracts_activated",
       {{"kind"},
        [](const SelectorRef& ref, const Period& p) {
          SelectorSql sql{
              "FROM eval_contracts c WHERE c.activated_day >= ? AND "
              "c.activated_day < ?",
              {p.from_day(), p.to_day()},
              "c.tad",
              "c.beneficiary_id",
              "COUNT(*)",
              ""};
          FilterIf(sql, ref, "kind", "c.kind");
          return sql;
        }}},
      {"prescriptions",
       {{"fiche"},
        [](const SelectorRef& ref, const Period& p) {
          return Prescriptions(ref, "p.created_day >= ? AND p.created_day < ?",
                               {p.from_day(), p.to_day()}, false);
        }}},
      {"offer_starters",
       {{"fiche"},
        [](const SelectorRef& ref, const Period& p) {
          return Prescriptions(ref, "p.started_day >= ? AND p.started_day < ?",
                               {p.from_day(), p.to_day()}, true);
        }}},
      {"offer_completions",
       {{"fiche"},
        [](const SelectorRef& ref, const Period& p) {
          return Prescriptions(ref, "p.completed_day >= ? AND p.completed_day < ?",
                               {p.from_day(), p.to_day()}, false);
        }}},
      {"offer_positive_exits",
       {{"fiche"},
        [](const SelectorRef& ref, const Period& p) {
          return Prescriptions(
              ref, "p.completed_day >= ? AND p.completed_day < ? AND p.positive_exit = 1",
              {p.from_day(), p.to_day()}, false);
        }}},
      {"offer_exits_with_outcome",
       {{"fiche", "outcome"},
        [](const SelectorRef& ref, const Period& p) {
          SelectorSql sql = Prescriptions(ref, "p.completed_day >= ? AND p.completed_day < ?",
                                          {p.from_day(), p.to_day()}, false);
          FilterIf(sql, ref, "outcome", "p.outcome");
          return sql;
        }}},
      {"offer_abandons",
       {{"fiche"},
        [](const SelectorRef& ref, const Period& p) {
          return Prescriptions(ref, "p.abandoned_day >= ? AND p.abandoned_day < ?",
                               {p.from_day(), p.to_day()}, false);
        }}},
      {"offer_exits",
       {{"fiche"},
        [](const SelectorRef& ref, const Period& p) {
          return Prescriptions(ref,
                               "((p.completed_day >= ? AND p.completed_day < ?) OR "
                               "(p.abandoned_day >= ? AND p.abandoned_day < ?))",
                               {p.from_day(), p.to_day(), p.from_day(), p.to_day()}, false);
        }}},
      {"rsa_exits",
       {{},
        [](const SelectorRef&, const Period& p) {
          return Beneficiaries("b.exit_day >= ? AND b.exit_day < ?", {p.from_day(), p.to_day()});
        }}},
      {"rsa_exits_to_employment",
       {{},
        [](const SelectorRef&, const Period& p) {
          return Beneficiaries("b.exit_day >= ? AND b.exit_day < ? AND b.exit_employment = 1",
                               {p.from_day(), p.to_day()});
        }}},
      {"fraud_cases_opened",
       {{}, [](const SelectorRef&, const Period& p) { return FraudCases(p, "", "COUNT(*)"); }}},
      {"fraud_cases_qualified",
       {{},
        [](const SelectorRef&, const Period& p) {
          return FraudCases(p, " AND f.qualified_fraud = 1", "COUNT(*)");
        }}},
      {"fines_applied",
       {{},
        [](const SelectorRef&, const Period& p) {
          return FraudCases(p, " AND f.fine_cents > 0", "COUNT(*)");
        }}},
      {"fines_cents",
       {{},
        [](const SelectorRef&, const Period& p) {
          return FraudCases(p, " AND f.fine_cents > 0", "COALESCE(SUM(f.fine_cents), 0)");
        }}},
      {"amounts_due_cents",
       {{},
        [](const SelectorRef&, const Period& p) {
          return FraudCases(p, " AND f.overpayment_cents + f.fine_cents > 0",
                            "COALESCE(SUM(f.overpayment_cents + f.fine_cents), 0)");
        }}},
      {"amounts_recovered_cents",
       {{},
        [](const SelectorRef&, const Period& p) {
          // Over the same cases as amounts_due_cents, so that the rate's bases agree.
          return FraudCases(p, " AND f.overpayment_cents + f.fine_cents > 0",
                            "COALESCE(SUM(f.recovered_cents), 0)");
        }}},
      {"surveys_created",
       {{},
        [](const SelectorRef&, const Period& p) {
          return SelectorSql{
              "FROM eval_surveys s WHERE s.created_at_us >= ? AND "
              "s.created_at_us < ?",
              {Micros(p.from), Micros(p.to)},
              "",
              "",
              "COUNT(*)",
              ""};
        }}},
      {"survey_responses",
       {{"audience"}, [](const SelectorRef& ref, const Period& p) { return Responses(ref, p); }}},
      {"survey_scores",
       {{"audience"},
        [](const SelectorRef& ref, const Period& p) {
          SelectorSql sql = Responses(ref, p);
          sql.value = "r.mean_score";
          return sql;
        }}},
      {"organisations_evaluated",
       {{},
        [](const SelectorRef& ref, const Period& p) {
          SelectorSql sql = Responses(ref, p);
          sql.from_where = absl::StrCat(
              "FROM eval_survey_responses r JOIN eval_surveys s ON s.id = r.survey_id "
              "JOIN eval_offers o ON o.offer_id = s.offer_id WHERE r.submitted_at_us >= ? AND "
              "r.submitted_at_us < ? AND o.structure_id <> ''");
          sql.measure = "COUNT(DISTINCT o.structure_id)";
          return sql;
        }}},
  };
  return *kSelectors;
}

std::string PopulationExpr(const SelectorSql& sql) {
  return sql.person_column.empty()
             ? "0"
             : absl::StrCat("COUNT(DISTINCT NULLIF(", sql.person_column, ", ''))");
}

// The scope as "AND tad IN (?, ...)"; nothing for the whole Département.
void Scope(SelectorSql& sql, const TerritoryScope& scope) {
  if (scope.all || sql.tad_column.empty()) return;
  if (scope.tads.empty()) {
    absl::StrAppend(&sql.from_where, " AND 1 = 0");
    return;
  }
  std::vector<std::string> marks(scope.tads.size(), "?");
  absl::StrAppend(&sql.from_where, " AND ", sql.tad_column, " IN (", absl::StrJoin(marks, ", "),
                  ")");
  for (const std::string& tad : scope.tads) sql.params.push_back(tad);
}

absl::StatusOr<SampleSet> MeasureValues(storage::Transaction& tx, const SelectorSql& sql,
                                        bool by_tad) {
  const std::string tad = sql.tad_column.empty() ? "''" : sql.tad_column;
  const std::string person = sql.person_column.empty() ? "''" : sql.person_column;
  ASSIGN_OR_RETURN(storage::ResultSet rs, tx.Query(absl::StrCat("SELECT ", tad, ", ", person, ", ",
                                                                sql.value, " ", sql.from_where),
                                                   sql.params));
  SampleSet out;
  std::set<std::string> everyone;
  std::map<std::string, std::set<std::string>> people;
  for (const storage::Row& row : rs.rows) {
    const double v = row.Real(2);
    out.total.values.push_back(v);
    if (!row.Text(1).empty()) everyone.insert(row.Text(1));
    if (by_tad && !sql.tad_column.empty()) {
      Sample& s = out.by_tad[row.Text(0)];
      s.values.push_back(v);
      if (!row.Text(1).empty()) people[row.Text(0)].insert(row.Text(1));
    }
  }
  out.total.population = static_cast<int64_t>(everyone.size());
  out.total.measure = static_cast<double>(out.total.values.size());
  for (auto& [t, s] : out.by_tad) {
    s.population = static_cast<int64_t>(people[t].size());
    s.measure = static_cast<double>(s.values.size());
  }
  return out;
}

absl::StatusOr<SampleSet> MeasureAggregate(storage::Transaction& tx, const SelectorSql& sql,
                                           bool by_tad) {
  SampleSet out;
  ASSIGN_OR_RETURN(
      storage::ResultSet total,
      tx.Query(absl::StrCat("SELECT ", PopulationExpr(sql), ", ", sql.measure, " ", sql.from_where),
               sql.params));
  if (!total.rows.empty()) {
    out.total.population = total.rows[0].Int(0);
    out.total.measure = total.rows[0].Real(1);
  }
  if (by_tad && !sql.tad_column.empty()) {
    ASSIGN_OR_RETURN(storage::ResultSet rows,
                     tx.Query(absl::StrCat("SELECT ", sql.tad_column, ", ", PopulationExpr(sql),
                                           ", ", sql.measure, " ", sql.from_where, " GROUP BY ",
                                           sql.tad_column, " ORDER BY ", sql.tad_column),
                              sql.params));
    for (const storage::Row& row : rows.rows) {
      out.by_tad[row.Text(0)] = Sample{row.Int(1), row.Real(2), {}};
    }
  }
  return out;
}

}  // namespace

absl::Status ValidateSelector(const SelectorRef& ref) {
  auto it = Selectors().find(ref.name);
  if (it == Selectors().end()) {
    return absl::InvalidArgumentError(absl::StrCat("unknown selector '", ref.name, "'"));
  }
  for (const auto& [key, value] : ref.params) {
    if (!it->second.params.contains(key)) {
      return absl::InvalidArgumentError(
          absl::StrCat("selector '", ref.name, "' takes no parameter '", key, "'"));
    }
    int64_t days = 0;
    if (key == "days" && (!absl::SimpleAtoi(value, &days) || days < 0 || days > 3650)) {
      return absl::InvalidArgumentError("days must be an integer in 0..3650");
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<SampleSet> SqlSampleSource::Measure(const SelectorRef& selector,
                                                   const Period& period,
                                                   const TerritoryScope& scope, bool by_tad) {
  RETURN_IF_ERROR(ValidateSelector(selector));
  SelectorSql sql = Selectors().at(selector.name).build(selector, period);
  Scope(sql, scope);
  ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> tx, db_.Begin(storage::TxMode::kRead));
  if (!sql.value.empty()) return MeasureValues(*tx, sql, by_tad);
  return MeasureAggregate(*tx, sql, by_tad);
}

}  // namespace parcours::evaluation
