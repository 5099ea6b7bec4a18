#include "services/evaluation/store/survey_store.h"

#include <numeric>

#include "absl/strings/str_cat.h"
#include "libs/common/ids.h"
#include "libs/common/status_macros.h"

namespace parcours::evaluation {
namespace {

absl::StatusOr<Survey> LoadSurvey(storage::Transaction& tx, const std::string& where,
                                  const std::string& key) {
  ASSIGN_OR_RETURN(storage::ResultSet rs,
                   tx.Query(absl::StrCat("SELECT id, offer_id, audience, title, "
                                         "invited_professionals, created_at_us FROM eval_surveys "
                                         "WHERE ",
                                         where, " = ?"),
                            {key}));
  if (rs.rows.empty()) return absl::NotFoundError(absl::StrCat("no survey ", key));
  const storage::Row& row = rs.rows[0];
  Survey s{.id = row.Text(0),
           .draft = {.offer_id = row.Text(1),
                     .audience = ParseAudience(row.Text(2)),
                     .title = row.Text(3),
                     .questions = {},
                     .invited_professionals = row.Int(4)},
           .created_at = absl::FromUnixMicros(row.Int(5))};
  ASSIGN_OR_RETURN(storage::ResultSet qs,
                   tx.Query("SELECT text FROM eval_survey_questions WHERE survey_id = ? "
                            "ORDER BY position",
                            {s.id}));
  for (const storage::Row& q : qs.rows) s.draft.questions.push_back(q.Text(0));
  return s;
}

}  // namespace

absl::StatusOr<Survey> SurveyStore::Create(const std::string& request_id, const SurveyDraft& draft,
                                           absl::Time now) {
  std::string id;
  RETURN_IF_ERROR(db_.InTransaction([&](storage::Transaction& tx) -> absl::Status {
    const std::string candidate = NewId("srv", now);
    ASSIGN_OR_RETURN(storage::ResultSet rs,
                     tx.Query("INSERT INTO eval_surveys (id, request_id, offer_id, audience, "
                              "title, invited_professionals, created_at_us) VALUES "
                              "(?, ?, ?, ?, ?, ?, ?) ON CONFLICT (request_id) DO NOTHING "
                              "RETURNING id",
                              {candidate, request_id, draft.offer_id, AudienceName(draft.audience),
                               draft.title, draft.invited_professionals, absl::ToUnixMicros(now)}));
    if (rs.rows.empty()) {  // a retry: the first call's survey
      ASSIGN_OR_RETURN(Survey first, LoadSurvey(tx, "request_id", request_id));
      id = first.id;
      return absl::OkStatus();
    }
    id = candidate;
    for (size_t i = 0; i < draft.questions.size(); ++i) {
      RETURN_IF_ERROR(tx.Exec("INSERT INTO eval_survey_questions (survey_id, position, text) "
                              "VALUES (?, ?, ?)",
                              {id, static_cast<int64_t>(i), draft.questions[i]})
                          .status());
    }
    return absl::OkStatus();
  }));
  return Get(id);
}

absl::StatusOr<Survey> SurveyStore::Get(const std::string& id) {
  ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> tx, db_.Begin(storage::TxMode::kRead));
  return LoadSurvey(*tx, "id", id);
}

absl::StatusOr<bool> SurveyStore::IsParticipant(const std::string& offer_id,
                                                const std::string& beneficiary_id) {
  ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> tx, db_.Begin(storage::TxMode::kRead));
  ASSIGN_OR_RETURN(storage::ResultSet rs,
                   tx->Query("SELECT 1 FROM eval_prescriptions WHERE offer_id = ? AND "
                             "beneficiary_id = ? AND started_day IS NOT NULL",
                             {offer_id, beneficiary_id}));
  return !rs.rows.empty();
}

absl::StatusOr<SurveyReceipt> SurveyStore::Respond(const std::string& request_id,
                                                   const Survey& survey,
                                                   const std::string& respondent_digest,
                                                   const std::vector<int>& scores, absl::Time now,
                                                   const WriteHook& on_write) {
  SurveyReceipt receipt;
  const double mean = scores.empty() ? 0.0
                                     : std::accumulate(scores.begin(), scores.end(), 0.0) /
                                           static_cast<double>(scores.size());
  RETURN_IF_ERROR(db_.InTransaction([&](storage::Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(storage::ResultSet first,
                     tx.Query("SELECT id, survey_id, submitted_at_us FROM eval_survey_responses "
                              "WHERE request_id = ?",
                              {request_id}));
    if (!first.rows.empty()) {  // a retry: the first call's receipt
      receipt = {first.rows[0].Text(1), first.rows[0].Text(0),
                 absl::FromUnixMicros(first.rows[0].Int(2))};
      return absl::OkStatus();
    }
    const std::string id = NewId("rsp", now);
    // ON CONFLICT DO NOTHING, not a failing INSERT: a failed statement would poison the
    // transaction; 0 rows means the respondent answered already (or a concurrent retry).
    ASSIGN_OR_RETURN(
        int64_t inserted,
        tx.Exec("INSERT INTO eval_survey_responses (id, request_id, survey_id, "
                "respondent_digest, mean_score, submitted_at_us) VALUES "
                "(?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                {id, request_id, survey.id, respondent_digest, mean, absl::ToUnixMicros(now)}));
    if (inserted == 0) {
      return absl::AlreadyExistsError("this respondent already answered this survey");
    }
    for (size_t i = 0; i < scores.size(); ++i) {
      RETURN_IF_ERROR(tx.Exec("INSERT INTO eval_survey_scores (response_id, position, score) "
                              "VALUES (?, ?, ?)",
                              {id, static_cast<int64_t>(i), scores[i]})
                          .status());
    }
    receipt = {survey.id, id, now};
    return on_write ? on_write(tx, receipt) : absl::OkStatus();
  }));
  return receipt;
}

absl::StatusOr<SurveyStats> SurveyStore::Stats(const Survey& survey) {
  ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> tx, db_.Begin(storage::TxMode::kRead));
  SurveyStats stats;
  ASSIGN_OR_RETURN(storage::ResultSet totals,
                   tx->Query("SELECT COUNT(*), AVG(mean_score) FROM eval_survey_responses "
                             "WHERE survey_id = ?",
                             {survey.id}));
  stats.responses = totals.rows[0].Int(0);
  if (!totals.rows[0].IsNull(1)) stats.mean_score = totals.rows[0].Real(1);
  ASSIGN_OR_RETURN(storage::ResultSet questions,
                   tx->Query("SELECT sc.position, AVG(sc.score) FROM eval_survey_scores sc "
                             "JOIN eval_survey_responses r ON r.id = sc.response_id "
                             "WHERE r.survey_id = ? GROUP BY sc.position ORDER BY sc.position",
                             {survey.id}));
  stats.question_means.assign(survey.draft.questions.size(), std::nullopt);
  for (const storage::Row& row : questions.rows) {
    const int64_t q = row.Int(0);
    if (q >= 0 && static_cast<size_t>(q) < stats.question_means.size()) {
      stats.question_means[static_cast<size_t>(q)] = row.Real(1);
    }
  }
  if (survey.draft.audience == Audience::kProfessionals) {
    stats.invited = survey.draft.invited_professionals;
  } else {
    ASSIGN_OR_RETURN(storage::ResultSet invited,
                     tx->Query("SELECT COUNT(DISTINCT beneficiary_id) FROM eval_prescriptions "
                               "WHERE offer_id = ? AND started_day IS NOT NULL",
                               {survey.draft.offer_id}));
    stats.invited = invited.rows[0].Int(0);
  }
  return stats;
}

}  // namespace parcours::evaluation
