#include "services/fraud/ingest/importer.h"

#include <map>
#include <set>

#include "libs/common/status_macros.h"

namespace parcours::fraud {
namespace {

// Looks up the households of records named by CAF number; records whose number is
// unknown are rejected (through `reject`) and dropped from `pending`.
template <typename Input>
absl::StatusOr<std::vector<Input>> Resolve(
    storage::Database& db, FileStore& files,
    std::vector<std::pair<int64_t, ByCafNumber<Input>>>& pending,
    const std::function<void(int64_t)>& reject) {
  std::vector<std::string> cafs;
  for (const auto& [index, p] : pending) cafs.push_back(p.caf_number);
  std::map<std::string, std::string> ids;
  {
    ASSIGN_OR_RETURN(auto tx, db.Begin(storage::TxMode::kRead));
    ASSIGN_OR_RETURN(ids, files.ResolveCafNumbers(*tx, cafs));
  }
  std::vector<Input> out;
  for (auto& [index, p] : pending) {
    auto it = ids.find(p.caf_number);
    if (it == ids.end()) {
      reject(index);
      continue;
    }
    p.input.household_id = it->second;
    out.push_back(std::move(p.input));
  }
  pending.clear();
  return out;
}

}  // namespace

Importer::Importer(storage::Database& db, audit::AuditLog& audit, auth::CallAuthorization call,
                   const Clock& clock, size_t batch_size)
    : db_(db), audit_(audit), call_(std::move(call)), clock_(clock), batch_size_(batch_size) {}

void Importer::Reject(int64_t index, std::string field, std::string reason) {
  ++tally_.rejected;
  if (tally_.rejections.size() < kMaxRejectionsReported) {
    tally_.rejections.push_back({index, std::move(field), std::move(reason)});
  }
}

void Importer::Reject(int64_t index, const errors::FieldViolations& v) {
  // The first violation names the record's fault; the caller fixes and re-sends it.
  Reject(index, v.list()[0].field, v.list()[0].description);
}

absl::Status Importer::AddHousehold(const v1::HouseholdRecord& record) {
  const int64_t index = tally_.received++;
  HouseholdFile file;
  errors::FieldViolations v = ToHouseholdFile(record, &file);
  if (!v.empty()) {
    Reject(index, v);
    return absl::OkStatus();
  }
  households_.push_back(std::move(file));
  return households_.size() >= batch_size_ ? FlushHouseholds() : absl::OkStatus();
}

absl::Status Importer::AddDeclaration(const v1::DeclarationRecord& record) {
  const int64_t index = tally_.received++;
  ByCafNumber<DeclarationInput> d;
  errors::FieldViolations v = ToDeclaration(record, &d);
  if (!v.empty()) {
    Reject(index, v);
    return absl::OkStatus();
  }
  declarations_.emplace_back(index, std::move(d));
  return declarations_.size() >= batch_size_ ? FlushDeclarations() : absl::OkStatus();
}

absl::Status Importer::AddCrossCheck(const v1::CrossCheckRecord& record) {
  const int64_t index = tally_.received++;
  ByCafNumber<CrossCheckInput> c;
  errors::FieldViolations v = ToCrossCheck(record, &c);
  if (!v.empty()) {
    Reject(index, v);
    return absl::OkStatus();
  }
  cross_checks_.emplace_back(index, std::move(c));
  return cross_checks_.size() >= batch_size_ ? FlushCrossChecks() : absl::OkStatus();
}

absl::Status Importer::AddReport(const v1::SocialWorkerReport& record) {
  const int64_t index = tally_.received++;
  ByCafNumber<CrossCheckInput> c;
  errors::FieldViolations v = ToReport(record, &c);
  if (!v.empty()) {
    Reject(index, v);
    return absl::OkStatus();
  }
  cross_checks_.emplace_back(index, std::move(c));
  return cross_checks_.size() >= batch_size_ ? FlushCrossChecks() : absl::OkStatus();
}

absl::Status Importer::Finish() {
  RETURN_IF_ERROR(FlushHouseholds());
  RETURN_IF_ERROR(FlushDeclarations());
  return FlushCrossChecks();
}

absl::Status Importer::Commit(
    const std::function<absl::StatusOr<std::vector<std::string>>(storage::Transaction&)>& write,
    int64_t rows) {
  int64_t marked = 0;
  RETURN_IF_ERROR(db_.InTransaction([&](storage::Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(std::vector<std::string> changed, write(tx));
    RETURN_IF_ERROR(files_.MarkDirty(tx, changed));
    for (const std::string& id : changed) {
      RETURN_IF_ERROR(audit_.Record(tx, call_, audit::AuditAction::kWrite, "household", id));
    }
    marked = static_cast<int64_t>(changed.size());
    return absl::OkStatus();
  }));
  tally_.accepted += rows;
  tally_.marked_for_rescoring += marked;
  return absl::OkStatus();
}

absl::Status Importer::FlushHouseholds() {
  if (households_.empty()) return absl::OkStatus();
  // Within one batch the last record of a CAF number wins, as it would across batches.
  std::map<std::string, size_t> last;
  for (size_t i = 0; i < households_.size(); ++i) last[households_[i].caf_number] = i;
  std::vector<HouseholdFile> batch;
  for (const auto& [caf, i] : last) batch.push_back(households_[i]);
  const int64_t rows = static_cast<int64_t>(households_.size());
  households_.clear();
  const absl::Time now = clock_.Now();
  return Commit([&](storage::Transaction& tx) { return files_.UpsertHouseholds(tx, batch, now); },
                rows);
}

absl::Status Importer::FlushDeclarations() {
  if (declarations_.empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(std::vector<DeclarationInput> batch,
                   Resolve<DeclarationInput>(db_, files_, declarations_, [&](int64_t index) {
                     Reject(index, "caf_number", "no household file has this CAF number");
                   }));
  return Commit([&](storage::Transaction& tx) { return files_.UpsertDeclarations(tx, batch); },
                static_cast<int64_t>(batch.size()));
}

absl::Status Importer::FlushCrossChecks() {
  if (cross_checks_.empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(std::vector<CrossCheckInput> batch,
                   Resolve<CrossCheckInput>(db_, files_, cross_checks_, [&](int64_t index) {
                     Reject(index, "caf_number", "no household file has this CAF number");
                   }));
  return Commit([&](storage::Transaction& tx) { return files_.UpsertCrossChecks(tx, batch); },
                static_cast<int64_t>(batch.size()));
}

}  // namespace parcours::fraud
