#include "services/fraud/scoring/file_scorer.h"

#include <optional>
#include <thread>

#include "absl/time/clock.h"
#include "google/protobuf/util/time_util.h"
#include "libs/common/bounded_queue.h"
#include "libs/common/ids.h"
#include "libs/common/status_macros.h"
#include "libs/log/log.h"
#include "parcours/fraud/v1/fraud.pb.h"

namespace parcours::fraud {
namespace {

// The lowest count at which a shared account can fire the rule: below it the whole-table
// sharing map need not keep a fingerprint.
int MinSharing(const RuleSet& rules) {
  const RuleConfig& r = rules.rule(RuleId::kSharedBankAccount);
  return static_cast<int>(r.Threshold("min_households"));
}

void StageOpened(events::Outbox& outbox, storage::Transaction& tx, const CaseOpening& opening,
                 int year) {
  v1::CaseEvent payload;
  payload.set_case_id(opening.case_id);
  payload.set_household_id(opening.input->household_id);
  payload.set_status(v1::CASE_STATUS_DETECTED);
  payload.set_score(opening.result->score);
  for (const FiredRule& f : opening.result->fired) payload.add_fired_rule_ids(RuleName(f.id));
  payload.set_year_opened(year);
  events::v1::Event event;
  event.set_type("fraud.case.opened");
  event.set_aggregate_type("case");
  event.set_aggregate_id(opening.case_id);
  event.set_beneficiary_id(opening.input->beneficiary_id);
  event.set_tad(opening.input->tad);
  event.mutable_payload()->PackFrom(payload);
  outbox.Stage(tx, std::move(event));
}

}  // namespace

FileScorer::FileScorer(storage::Database& db, events::Outbox& outbox, ContractsDirectory& contracts,
                       const Clock& clock, std::shared_ptr<const RuleSet> rules,
                       FraudMetrics& metrics, ScorerOptions options)
    : db_(db),
      outbox_(outbox),
      contracts_(contracts),
      clock_(clock),
      rules_(std::move(rules)),
      metrics_(metrics),
      options_(options) {}

ScoringContext FileScorer::ContextFor(const ScoringInput& input,
                                      const std::unordered_map<std::string, int>& sharing,
                                      absl::CivilDay today) {
  ScoringContext ctx;
  ctx.as_of = today;
  auto it = sharing.find(input.bank_fingerprint);
  ctx.households_sharing_account = it == sharing.end() ? 1 : it->second;
  if (auto since = ContractCheckSince(*rules_, input.facts, today)) {
    absl::StatusOr<bool> had = contracts_.HasHadContractSince(input.beneficiary_id, *since);
    if (had.ok()) {
      ctx.had_contract_in_window = *had;
    } else {
      ctx.contract_lookup_error = std::string(had.status().message());
    }
  }
  return ctx;
}

void FileScorer::ScoreChunk(Chunk& chunk, const std::unordered_map<std::string, int>& sharing) {
  chunk.now = clock_.Now();
  const absl::CivilDay today = absl::ToCivilDay(chunk.now, LegalTimeZone());
  chunk.scored.resize(chunk.inputs.size());
  chunk.openings.clear();
  for (size_t i = 0; i < chunk.inputs.size(); ++i) {
    ScoredFile& s = chunk.scored[i];
    s.input = &chunk.inputs[i];
    s.result =
        ScoreHousehold(*rules_, chunk.inputs[i].facts, ContextFor(chunk.inputs[i], sharing, today));
    if (s.result.score >= rules_->case_threshold) {
      chunk.openings.push_back({NewId("case", chunk.now), s.input, &s.result});
    }
  }
}

absl::StatusOr<FileScorer::Saved> FileScorer::SaveChunk(const Chunk& chunk) {
  const int year = static_cast<int>(absl::ToCivilDay(chunk.now, LegalTimeZone()).year());
  Saved saved;
  // The body may run more than once (a retry, or SQLite running it again after another
  // write of its group failed): it sets `saved` afresh each time.
  RETURN_IF_ERROR(db_.InTransaction([&](storage::Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(saved.scores_written,
                     store_.SaveScores(tx, chunk.scored, rules_->version, chunk.now));
    RETURN_IF_ERROR(store_.ClearDirty(tx, chunk.scored));
    ASSIGN_OR_RETURN(std::vector<const CaseOpening*> opened,
                     store_.OpenCases(tx, chunk.openings, rules_->version, chunk.now,
                                      chunk.now - options_.case_cooldown));
    for (const CaseOpening* o : opened) StageOpened(outbox_, tx, *o, year);
    saved.cases_opened = static_cast<int64_t>(opened.size());
    return absl::OkStatus();
  }));
  metrics_.AddFilesScored(static_cast<int64_t>(chunk.scored.size()));
  return saved;
}

absl::StatusOr<ScoreResult> FileScorer::ScoreOne(const std::string& household_id) {
  Chunk chunk;
  std::unordered_map<std::string, int> sharing;
  {
    ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
    RETURN_IF_ERROR(store_.LoadIds(*tx, {household_id}, chunk.inputs));
    if (chunk.inputs.empty()) return absl::NotFoundError("no household " + household_id);
    ASSIGN_OR_RETURN(sharing, store_.AccountSharing(*tx, {chunk.inputs[0].bank_fingerprint}));
  }
  ScoreChunk(chunk, sharing);
  ASSIGN_OR_RETURN(Saved saved, SaveChunk(chunk));
  if (saved.cases_opened > 0) {
    if (absl::Status s = metrics_.Refresh(db_); !s.ok())
      log::Warn("metrics", {{"error", s.ToString()}});
  }
  return std::move(chunk.scored[0].result);
}

absl::Status FileScorer::ScoreAll(int chunk_size,
                                  const std::function<bool(const BatchProgress&)>& on_progress) {
  const absl::Time start = absl::Now();
  BatchProgress progress;
  std::unordered_map<std::string, int> sharing;
  {
    ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
    ASSIGN_OR_RETURN(progress.files_total, store_.CountHouseholds(*tx));
    ASSIGN_OR_RETURN(sharing, store_.SharedAccounts(*tx, MinSharing(*rules_)));
  }
  // The writer thread commits chunks in order and reports progress after each commit;
  // this thread reads and scores the next chunks meanwhile.
  BoundedQueue<Chunk> queue(/*capacity=*/2);
  // Written chunks come back for reuse, so their buffers keep their capacity.
  BoundedQueue<Chunk> spare(/*capacity=*/3);
  absl::Status write_status;
  std::thread writer([&] {
    while (std::optional<Chunk> chunk = queue.Pop()) {
      absl::StatusOr<Saved> saved = SaveChunk(*chunk);
      if (!saved.ok()) {
        write_status = saved.status();
        queue.Close();
        return;
      }
      progress.files_scored += static_cast<int64_t>(chunk->scored.size());
      progress.cases_opened += saved->cases_opened;
      progress.scores_written += saved->scores_written;
      progress.elapsed = absl::Now() - start;
      if (!on_progress(progress)) {
        write_status = absl::CancelledError("batch scoring stopped by the caller");
        queue.Close();
        return;
      }
      spare.TryPush(*std::move(chunk));
    }
  });
  absl::Status read_status;
  std::string after;
  // Bounded: each pass moves `after` strictly forward through a finite table.
  while (true) {
    Chunk chunk = spare.TryPop().value_or(Chunk());
    {
      absl::StatusOr<std::unique_ptr<storage::Transaction>> tx = db_.Begin(storage::TxMode::kRead);
      read_status = tx.ok() ? store_.LoadRange(**tx, after, chunk_size, chunk.inputs) : tx.status();
    }
    if (!read_status.ok() || chunk.inputs.empty()) break;
    after = chunk.inputs.back().household_id;
    ScoreChunk(chunk, sharing);
    if (!queue.Push(std::move(chunk))) break;  // the writer stopped
  }
  queue.Close();
  writer.join();
  RETURN_IF_ERROR(write_status);
  RETURN_IF_ERROR(read_status);
  progress.done = true;
  progress.elapsed = absl::Now() - start;
  if (absl::Status s = metrics_.Refresh(db_); !s.ok())
    log::Warn("metrics", {{"error", s.ToString()}});
  on_progress(progress);
  return absl::OkStatus();
}

absl::StatusOr<BatchProgress> FileScorer::RescoreDirty(int limit) {
  const absl::Time start = absl::Now();
  BatchProgress progress;
  std::vector<ScoringInput> inputs;
  std::unordered_map<std::string, int> sharing;
  {
    ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
    ASSIGN_OR_RETURN(std::vector<std::string> ids, store_.DirtyHouseholds(*tx, limit));
    RETURN_IF_ERROR(store_.LoadIds(*tx, ids, inputs));
    std::vector<std::string> fingerprints;
    for (const ScoringInput& in : inputs) fingerprints.push_back(in.bank_fingerprint);
    ASSIGN_OR_RETURN(sharing, store_.AccountSharing(*tx, fingerprints));
  }
  progress.files_total = static_cast<int64_t>(inputs.size());
  if (!inputs.empty()) {
    Chunk chunk;
    chunk.inputs = std::move(inputs);
    ScoreChunk(chunk, sharing);
    ASSIGN_OR_RETURN(Saved saved, SaveChunk(chunk));
    progress.cases_opened = saved.cases_opened;
    progress.scores_written = saved.scores_written;
    progress.files_scored = progress.files_total;
    if (absl::Status s = metrics_.Refresh(db_); !s.ok())
      log::Warn("metrics", {{"error", s.ToString()}});
  }
  progress.done = true;
  progress.elapsed = absl::Now() - start;
  return progress;
}

}  // namespace parcours::fraud
