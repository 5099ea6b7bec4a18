// What scoring reads and writes in SQL. Reads stream the files in household-id order, a
// chunk at a time: one query for the households, one for their declarations, one for
// their cross-checks, one for their stored scores, each over the same id range and joined
// in memory on the household id (four queries per chunk, never one per household). Writes go in
// multi-row statements: the scores, the per-year tally, the cases the scores open and the dirty
// marks they clear, all in the caller's transaction.
//
//   ScoringStore store;
//   std::vector<ScoringInput> chunk;
//   std::string after;
//   do {
//     RETURN_IF_ERROR(store.LoadRange(*read_tx, after, 2000, chunk));
//     ... score ...
//     if (!chunk.empty()) after = chunk.back().household_id;
//   } while (!chunk.empty());
#ifndef PARCOURS_SERVICES_FRAUD_STORE_SCORING_STORE_H_
#define PARCOURS_SERVICES_FRAUD_STORE_SCORING_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/storage/database.h"
#include "services/fraud/domain/household_facts.h"
#include "services/fraud/domain/scoring.h"

namespace parcours::fraud {

// One file ready to score, with what the writes need beside the facts.
struct ScoringInput {
  std::string household_id;
  std::string beneficiary_id;
  std::string tad;
  std::string bank_fingerprint;
  int64_t dirty_mark = 0;  // 0: not marked for rescoring
  HouseholdFacts facts;
  // The score stored when the file was read (has_stored_score false: never scored), so
  // that an unchanged score is not sent to the database at all.
  bool has_stored_score = false;
  int stored_score = 0;
  std::string stored_rule_set_version;
  std::string stored_explanation;
};

struct ScoredFile {
  const ScoringInput* input = nullptr;
  ScoreResult result;
};

// A case to open (status DETECTED) for a score at or above the threshold.
struct CaseOpening {
  std::string case_id;
  const ScoringInput* input = nullptr;
  const ScoreResult* result = nullptr;
};

class ScoringStore {
 public:
  // The next `limit` files after `after_id` ("" = from the start), in id order. `out` is
  // reused between calls (its buffers keep their capacity).
  absl::Status LoadRange(storage::Transaction& tx, const std::string& after_id, int limit,
                         std::vector<ScoringInput>& out);
  // The files with these ids (unknown ids are absent from `out`).
  absl::Status LoadIds(storage::Transaction& tx, const std::vector<std::string>& ids,
                       std::vector<ScoringInput>& out);

  // Households marked for rescoring, in id order, at most `limit`.
  absl::StatusOr<std::vector<std::string>> DirtyHouseholds(storage::Transaction& tx, int limit);

  // Bank fingerprints shared by at least `min_households` files → how many.
  absl::StatusOr<std::unordered_map<std::string, int>> SharedAccounts(storage::Transaction& tx,
                                                                      int min_households);
  // The same for the given fingerprints only (one file or a few).
  absl::StatusOr<std::unordered_map<std::string, int>> AccountSharing(
      storage::Transaction& tx, const std::vector<std::string>& fingerprints);

  absl::StatusOr<int64_t> CountHouseholds(storage::Transaction& tx);

  // Upserts the latest score of each file and adds them all to the year's tally per
  // territory. A stored score with the same value, rule-set version and explanation is
  // left as it is, scored_at included (so scored_at is when the file's score last
  // changed): a batch over unchanged files writes no score row. Files whose score read
  // with them (ScoringInput::stored_*) is unchanged are not even sent: PostgreSQL locks,
  // and so writes, every row an upsert meets, updated or not. Returns the rows written.
  absl::StatusOr<int64_t> SaveScores(storage::Transaction& tx,
                                     const std::vector<ScoredFile>& scored,
                                     const std::string& rule_set_version, absl::Time scored_at);
  // Opens a DETECTED case for each opening whose household has no open case, no case
  // closed after `closed_after`, and no earlier opening in the list; returns those that
  // opened, in list order. A few multi-row statements for the whole list (one look-up, the
  // cases, their rules), not a round of statements per case.
  absl::StatusOr<std::vector<const CaseOpening*>> OpenCases(
      storage::Transaction& tx, const std::vector<CaseOpening>& openings,
      const std::string& rule_set_version, absl::Time now, absl::Time closed_after);
  // Removes the rescoring marks that are still the ones read (a newer mark stays).
  absl::Status ClearDirty(storage::Transaction& tx, const std::vector<ScoredFile>& scored);

  // The latest stored score of a file (nullopt when never scored).
  struct StoredScore {
    std::string household_id;
    int score = 0;
    std::string rule_set_version;
    absl::Time scored_at;
    ScoreResult result;
  };
  absl::StatusOr<std::optional<StoredScore>> GetScore(storage::Transaction& tx,
                                                      const std::string& household_id);
  // Positive scores >= min_score (a file scoring 0 is no target), highest first then by id, after
  // the cursor (score, id), within the territories (empty = all).
  absl::StatusOr<std::vector<StoredScore>> ListScores(
      storage::Transaction& tx, int min_score, std::optional<std::pair<int, std::string>> after,
      int limit, const std::vector<std::string>& territories);
};

// The stored explanation of a score (JSON), and back.
std::string EncodeExplanation(const ScoreResult& result);
ScoreResult DecodeExplanation(int score, const std::string& json);

}  // namespace parcours::fraud

#endif  // PARCOURS_SERVICES_FRAUD_STORE_SCORING_STORE_H_
