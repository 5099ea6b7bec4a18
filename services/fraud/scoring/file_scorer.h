// Scores household files against the rule set and keeps the results: one file on demand,
// every file in a batch (progress reported per chunk), or the files marked dirty by
// imports (incremental rescoring). For each chunk: one read transaction streams the files
// in id order (ScoringStore), the engine scores them in memory, one write transaction
// saves the scores that changed, clears the dirty marks that were read, opens DETECTED
// cases for the scores at or above the threshold and stages their events (a few multi-row
// statements per chunk, whatever its number of cases). In a batch, reading and
// scoring the next chunk overlaps with committing the previous one (a writer thread and a
// queue of at most two chunks), so the batch runs at the pace of the slower of the two
// rather than their sum. Nothing else is decided here: a case only opens; people take it
// from there.
//
//   FileScorer scorer(db, outbox, contracts, clock, rules, metrics, {});
//   RETURN_IF_ERROR(scorer.ScoreAll(2000, [&](const BatchProgress& p) {
//     return writer->Write(ToProto(p));  // false stops the batch between chunks
//   }));
#ifndef PARCOURS_SERVICES_FRAUD_SCORING_FILE_SCORER_H_
#define PARCOURS_SERVICES_FRAUD_SCORING_FILE_SCORER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/common/clock.h"
#include "libs/events/outbox.h"
#include "libs/storage/database.h"
#include "services/fraud/clients/contracts_directory.h"
#include "services/fraud/domain/rule_set.h"
#include "services/fraud/domain/scoring.h"
#include "services/fraud/metrics.h"
#include "services/fraud/store/scoring_store.h"

namespace parcours::fraud {

struct ScorerOptions {
  // A household whose case closed less than this ago gets no new case from a score.
  absl::Duration case_cooldown = absl::Hours(24 * 365);
};

struct BatchProgress {
  int64_t files_scored = 0;
  int64_t files_total = 0;
  int64_t cases_opened = 0;
  int64_t scores_written = 0;  // files whose stored score changed (a rerun over unchanged files: 0)
  absl::Duration elapsed;
  bool done = false;
};

class FileScorer {
 public:
  // Everything referenced must outlive the scorer.
  FileScorer(storage::Database& db, events::Outbox& outbox, ContractsDirectory& contracts,
             const Clock& clock, std::shared_ptr<const RuleSet> rules, FraudMetrics& metrics,
             ScorerOptions options);

  const RuleSet& rules() const { return *rules_; }

  // Scores one file now and saves the result. NOT_FOUND for an unknown household.
  absl::StatusOr<ScoreResult> ScoreOne(const std::string& household_id);

  // Scores every file, `chunk_size` per transaction. `on_progress` runs after each chunk
  // commits and once at the end (done = true); returning false stops after that chunk
  // (what was committed stays).
  absl::Status ScoreAll(int chunk_size,
                        const std::function<bool(const BatchProgress&)>& on_progress);

  // Rescores up to `limit` files marked dirty by imports.
  absl::StatusOr<BatchProgress> RescoreDirty(int limit);

 private:
  // One chunk on its way from the store, through the engine, back to the store. Moving it
  // keeps the addresses its ScoredFile and CaseOpening pointers refer to.
  struct Chunk {
    std::vector<ScoringInput> inputs;
    std::vector<ScoredFile> scored;
    std::vector<CaseOpening> openings;
    absl::Time now;
  };
  // Scores the chunk's inputs in memory (no I/O but the contracts lookups).
  void ScoreChunk(Chunk& chunk, const std::unordered_map<std::string, int>& sharing);
  struct Saved {
    int64_t cases_opened = 0;
    int64_t scores_written = 0;
  };
  // Commits the chunk's scores, dirty marks and cases in one transaction.
  absl::StatusOr<Saved> SaveChunk(const Chunk& chunk);
  ScoringContext ContextFor(const ScoringInput& input,
                            const std::unordered_map<std::string, int>& sharing,
                            absl::CivilDay today);

  storage::Database& db_;
  events::Outbox& outbox_;
  ContractsDirectory& contracts_;
  const Clock& clock_;
  std::shared_ptr<const RuleSet> rules_;
  FraudMetrics& metrics_;
  ScorerOptions options_;
  ScoringStore store_;
};

}  // namespace parcours::fraud

#endif  // PARCOURS_SERVICES_FRAUD_SCORING_FILE_SCORER_H_
