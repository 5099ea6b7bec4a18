#include "services/fraud/store/statistics_store.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "libs/common/status_macros.h"

namespace parcours::fraud {

absl::StatusOr<FraudStatistics> StatisticsStore::Compute(storage::Transaction& tx, int year,
                                                         const std::string& tad) {
  FraudStatistics s;
  s.year = year;
  s.tad = tad;
  const std::string tad_clause = tad.empty() ? "" : " AND tad = ?";
  storage::Params params = {year};
  if (!tad.empty()) params.emplace_back(tad);

  ASSIGN_OR_RETURN(storage::ResultSet files,
                   tx.Query(absl::StrCat("SELECT CAST(COALESCE(SUM(files_scored), 0) AS BIGINT) "
                                         "FROM scoring_tally WHERE year = ?",
                                         tad_clause),
                            params));
  s.files_scored = files.rows[0].Int(0);

  ASSIGN_OR_RETURN(
      storage::ResultSet opened,
      tx.Query(absl::StrCat("SELECT COUNT(*) FROM cases WHERE year_opened = ?", tad_clause),
               params));
  s.cases_opened = opened.rows[0].Int(0);

  ASSIGN_OR_RETURN(
      storage::ResultSet decided,
      tx.Query(
          absl::StrCat("SELECT qualification, COUNT(*), CAST(SUM(overpayment_cents) AS BIGINT), "
                       "CAST(SUM(CASE WHEN fine_cents > 0 THEN 1 ELSE 0 END) AS BIGINT), "
                       "CAST(SUM(fine_cents) AS BIGINT), "
                       "CAST(SUM(recovered_overpayment_cents + recovered_fine_cents) AS BIGINT) "
                       "FROM cases WHERE year_qualified = ? AND qualification <> ''",
                       tad_clause, " GROUP BY qualification"),
          params));
  for (const storage::Row& r : decided.rows) {
    const std::string q = r.Text(0);
    if (q == "FRAUD") s.qualified_fraud = r.Int(1);
    if (q == "ERROR") s.qualified_error = r.Int(1);
    if (q == "UNFOUNDED") s.unfounded = r.Int(1);
    s.overpayments_cents += r.Int(2);
    s.fines_count += r.Int(3);
    s.fines_cents += r.Int(4);
    s.recovered_cents += r.Int(5);
  }

  ASSIGN_OR_RETURN(
      storage::ResultSet rules,
      tx.Query(absl::StrCat("SELECT r.rule_id, c.qualification, COUNT(*) FROM case_rules r "
                            "JOIN cases c ON c.id = r.case_id WHERE c.year_opened = ?",
                            tad.empty() ? "" : " AND c.tad = ?",
                            " GROUP BY r.rule_id, c.qualification ORDER BY r.rule_id"),
               params));
  std::map<std::string, RuleTally> by_rule;
  for (const storage::Row& r : rules.rows) {
    RuleTally& t = by_rule[r.Text(0)];
    t.rule_id = r.Text(0);
    const std::string q = r.Text(1);
    const int64_t n = r.Int(2);
    t.cases_opened += n;
    if (q == "FRAUD" || q == "ERROR") t.cases_qualified += n;
    if (q == "UNFOUNDED") t.cases_unfounded += n;
  }
  for (auto& [id, tally] : by_rule) s.rules.push_back(tally);
  return s;
}

absl::StatusOr<std::vector<std::pair<int, double>>> StatisticsStore::RecoveryRates(
    storage::Transaction& tx) {
  ASSIGN_OR_RETURN(
      storage::ResultSet rs,
      tx.Query("SELECT year_qualified, CAST(SUM(overpayment_cents + fine_cents) AS "
               "BIGINT), CAST(SUM(recovered_overpayment_cents + recovered_fine_cents) "
               "AS BIGINT) FROM cases WHERE year_qualified > 0 GROUP BY year_qualified "
               "ORDER BY year_qualified"));
  std::vector<std::pair<int, double>> out;
  for (const storage::Row& r : rs.rows) {
    const int64_t owed = r.Int(1);
    out.emplace_back(static_cast<int>(r.Int(0)),
                     owed == 0 ? 0.0 : static_cast<double>(r.Int(2)) / owed);
  }
  return out;
}

}  // namespace parcours::fraud
