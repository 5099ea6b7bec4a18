#include "services/evaluation/store/report_queries.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/common/status_macros.h"
#include "services/evaluation/domain/period.h"

namespace parcours::evaluation {
namespace {

std::optional<int64_t> OptDay(const storage::Row& row, size_t i) {
  return row.IsNull(i) ? std::nullopt : std::optional<int64_t>(row.Int(i));
}

std::string TadFilter(const std::string& column, const TerritoryScope& scope,
                      storage::Params& params) {
  if (scope.all) return "";
  if (scope.tads.empty()) return " AND 1 = 0";
  std::vector<std::string> marks(scope.tads.size(), "?");
  for (const std::string& t : scope.tads) params.push_back(t);
  return absl::StrCat(" AND ", column, " IN (", absl::StrJoin(marks, ", "), ")");
}

}  // namespace

absl::StatusOr<std::vector<CohortMember>> LoadCohortMembers(storage::Database& db,
                                                            absl::CivilMonth from,
                                                            absl::CivilMonth to,
                                                            const TerritoryScope& scope) {
  storage::Params params = {EpochDay(absl::CivilDay(from)), EpochDay(absl::CivilDay(to + 1))};
  const std::string filter = TadFilter("tad", scope, params);
  ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> tx, db.Begin(storage::TxMode::kRead));
  ASSIGN_OR_RETURN(
      storage::ResultSet rs,
      tx->Query(absl::StrCat("SELECT tad, entry_day, convened_day, oriented_day, "
                             "orientation_type, contract_day, offer_day, exit_day, "
                             "exit_employment FROM eval_beneficiaries WHERE entry_day >= ? AND "
                             "entry_day < ?",
                             filter),
                params));
  std::vector<CohortMember> members;
  members.reserve(rs.rows.size());
  for (const storage::Row& row : rs.rows) {
    members.push_back(CohortMember{.tad = row.Text(0),
                                   .entry_day = row.Int(1),
                                   .convened_day = OptDay(row, 2),
                                   .oriented_day = OptDay(row, 3),
                                   .orientation_type = row.Text(4),
                                   .contract_day = OptDay(row, 5),
                                   .offer_day = OptDay(row, 6),
                                   .exit_day = OptDay(row, 7),
                                   .exit_to_employment = row.Bool(8)});
  }
  return members;
}

absl::StatusOr<OfferPage> LoadOfferStats(storage::Database& db, const OfferQuery& query,
                                         const TerritoryScope& scope) {
  storage::Params params;
  std::string where = "p.offer_id > ?";
  params.push_back(query.after_offer_id);
  if (query.year != 0) {
    const Period year = Period::Year(query.year);
    absl::StrAppend(&where, " AND p.created_day >= ? AND p.created_day < ?");
    params.push_back(year.from_day());
    params.push_back(year.to_day());
  }
  absl::StrAppend(&where, TadFilter("p.tad", scope, params));
  params.push_back(query.page_size + 1);
  ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> tx, db.Begin(storage::TxMode::kRead));
  ASSIGN_OR_RETURN(
      storage::ResultSet rs,
      tx->Query(
          absl::StrCat(
              "SELECT p.offer_id, COALESCE(MAX(o.structure_id), MAX(p.structure_id)), "
              "COALESCE(MAX(o.pdi_fiche), MAX(p.pdi_fiche)), COALESCE(MAX(o.places), 0), "
              "COALESCE(MAX(o.budget_cents), 0), COUNT(*), COUNT(DISTINCT p.beneficiary_id), "
              "COUNT(DISTINCT CASE WHEN p.accepted_day IS NOT NULL THEN p.beneficiary_id END), "
              "COUNT(DISTINCT CASE WHEN p.started_day IS NOT NULL THEN p.beneficiary_id END), "
              "COUNT(DISTINCT CASE WHEN p.completed_day IS NOT NULL THEN p.beneficiary_id END), "
              "COUNT(DISTINCT CASE WHEN p.abandoned_day IS NOT NULL THEN p.beneficiary_id END), "
              "COUNT(DISTINCT CASE WHEN p.completed_day IS NOT NULL AND p.positive_exit = 1 "
              "THEN p.beneficiary_id END) "
              "FROM eval_prescriptions p LEFT JOIN eval_offers o ON o.offer_id = p.offer_id "
              "WHERE ",
              where, " GROUP BY p.offer_id ORDER BY p.offer_id LIMIT ?"),
          params));
  OfferPage page;
  for (const storage::Row& row : rs.rows) {
    if (static_cast<int>(page.offers.size()) == query.page_size) {
      page.more = true;
      break;
    }
    page.offers.push_back(OfferStats{.offer_id = row.Text(0),
                                     .structure_id = row.Text(1),
                                     .pdi_fiche = row.Text(2),
                                     .places = row.Int(3),
                                     .budget_cents = row.Int(4),
                                     .prescriptions = row.Int(5),
                                     .prescribed = row.Int(6),
                                     .accepted = row.Int(7),
                                     .started = row.Int(8),
                                     .completed = row.Int(9),
                                     .abandoned = row.Int(10),
                                     .positive_exits = row.Int(11)});
  }
  // Satisfaction per audience for the offers of this page.
  for (OfferStats& offer : page.offers) {
    ASSIGN_OR_RETURN(storage::ResultSet scores,
                     tx->Query("SELECT s.audience, r.mean_score FROM eval_survey_responses r "
                               "JOIN eval_surveys s ON s.id = r.survey_id WHERE s.offer_id = ?",
                               {offer.offer_id}));
    for (const storage::Row& row : scores.rows) {
      Sample& s =
          row.Text(0) == "PROFESSIONALS" ? offer.professional_scores : offer.beneficiary_scores;
      s.values.push_back(row.Real(1));
      ++s.population;  // one response per respondent: responses are people
      s.measure = static_cast<double>(s.population);
    }
  }
  return page;
}

}  // namespace parcours::evaluation
