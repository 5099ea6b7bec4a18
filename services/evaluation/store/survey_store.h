// Surveys and their responses (fiche 4-1). Creation is idempotent on request_id; a
// response too, and a second response of the same respondent to the same survey is
// ALREADY_EXISTS (the unique constraint decides, not a read-then-write).
//
//   SurveyStore store(db);
//   ASSIGN_OR_RETURN(Survey s, store.Create("req-1", draft, now));
//   ASSIGN_OR_RETURN(Receipt r, store.Respond("req-2", s.id, digest, {4, 5}, now));
#ifndef PARCOURS_SERVICES_EVALUATION_STORE_SURVEY_STORE_H_
#define PARCOURS_SERVICES_EVALUATION_STORE_SURVEY_STORE_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/storage/database.h"
#include "services/evaluation/domain/survey.h"

namespace parcours::evaluation {

struct SurveyReceipt {
  std::string survey_id;
  std::string response_id;
  absl::Time submitted_at;
};

class SurveyStore {
 public:
  explicit SurveyStore(storage::Database& db) : db_(db) {}

  // The survey created by the first call with this request_id.
  absl::StatusOr<Survey> Create(const std::string& request_id, const SurveyDraft& draft,
                                absl::Time now);
  // NOT_FOUND for an unknown id.
  absl::StatusOr<Survey> Get(const std::string& id);
  // Whether the beneficiary started the offer, as far as the projections know.
  absl::StatusOr<bool> IsParticipant(const std::string& offer_id,
                                     const std::string& beneficiary_id);
  // Runs inside the response's transaction once it is written (the audit record), so
  // both commit or neither.
  using WriteHook = std::function<absl::Status(storage::Transaction&, const SurveyReceipt&)>;

  // ALREADY_EXISTS when this respondent already answered (under another request_id).
  absl::StatusOr<SurveyReceipt> Respond(const std::string& request_id, const Survey& survey,
                                        const std::string& respondent_digest,
                                        const std::vector<int>& scores, absl::Time now,
                                        const WriteHook& on_write);
  // Responses, means, and the invited: the offer's participants (beneficiaries) or the
  // survey's invited professionals.
  absl::StatusOr<SurveyStats> Stats(const Survey& survey);

 private:
  storage::Database& db_;
};

}  // namespace parcours::evaluation

#endif  // PARCOURS_SERVICES_EVALUATION_STORE_SURVEY_STORE_H_
