// CAF flow import: a batch of validated records in one transaction, with a constant
// number of statements per batch (one lookup of identities, one of import keys, multi-row
// INSERTs for new beneficiaries, keys and events), so a 100,000-record flow costs a few
// hundred round trips, not hundreds of thousands.
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "libs/common/ids.h"
#include "libs/common/status_macros.h"
#include "libs/storage/placeholders.h"
#include "services/orientation/events/orientation_events.h"
#include "services/orientation/store/outbox.h"
#include "services/orientation/store/sql_orientation_store.h"
#include "services/orientation/store/sql_rows.h"

namespace parcours::orientation {
namespace {

constexpr size_t kInClauseChunk = 500;

// Current beneficiaries of the batch's CAF numbers, by CAF number.
absl::StatusOr<std::map<std::string, Beneficiary>> LoadByCafNumber(
    storage::Transaction& tx, const std::vector<std::string>& caf_numbers) {
  std::map<std::string, Beneficiary> out;
  for (size_t start = 0; start < caf_numbers.size(); start += kInClauseChunk) {
    const size_t end = std::min(caf_numbers.size(), start + kInClauseChunk);
    storage::Params params(caf_numbers.begin() + start, caf_numbers.begin() + end);
    ASSIGN_OR_RETURN(storage::ResultSet rs,
                     tx.Query(absl::StrCat(sql::kBeneficiarySelect, " WHERE i.caf_number IN (",
                                           storage::Placeholders(end - start), ")"),
                              params));
    for (const storage::Row& row : rs.rows) {
      Beneficiary b = sql::BeneficiaryFromRow(row);
      out.emplace(b.identity.caf_number, std::move(b));
    }
  }
  return out;
}

absl::StatusOr<std::set<std::string>> ExistingKeys(storage::Transaction& tx,
                                                   const std::vector<std::string>& keys) {
  std::set<std::string> out;
  for (size_t start = 0; start < keys.size(); start += kInClauseChunk) {
    const size_t end = std::min(keys.size(), start + kInClauseChunk);
    storage::Params params(keys.begin() + start, keys.begin() + end);
    ASSIGN_OR_RETURN(storage::ResultSet rs,
                     tx.Query(absl::StrCat("SELECT import_key FROM caf_import_keys WHERE "
                                           "import_key IN (",
                                           storage::Placeholders(end - start), ")"),
                              params));
    for (const storage::Row& row : rs.rows) out.insert(row.Text(0));
  }
  return out;
}

absl::Status InsertKeys(storage::Transaction& tx,
                        const std::vector<std::pair<std::string, std::string>>& keys,
                        absl::Time now) {
  for (size_t start = 0; start < keys.size(); start += kInClauseChunk) {
    const size_t end = std::min(keys.size(), start + kInClauseChunk);
    std::string sql =
        "INSERT INTO caf_import_keys (import_key, beneficiary_id, imported_at_us) VALUES ";
    storage::Params params;
    for (size_t i = start; i < end; ++i) {
      absl::StrAppend(&sql, i == start ? "" : ", ", "(?, ?, ?)");
      params.insert(params.end(), {keys[i].first, keys[i].second, sql::Micros(now)});
    }
    ASSIGN_OR_RETURN(int64_t n, tx.Exec(sql, params));
    (void)n;
  }
  return absl::OkStatus();
}

// The field a registry-level rejection is reported on.
const char* RejectionField(CafRecordKind kind) {
  return kind == CafRecordKind::kEntrant ? "kind" : "caf_number";
}

absl::StatusOr<CafBatchResult> ImportOnce(storage::Database& db, events::Outbox& outbox,
                                          const std::vector<IndexedCafRecord>& batch,
                                          absl::Time now) {
  ASSIGN_OR_RETURN(auto tx, db.Begin(storage::TxMode::kWrite));
  std::vector<std::string> caf_numbers;
  {
    std::set<std::string> seen;
    for (const IndexedCafRecord& r : batch) {
      if (seen.insert(r.record.caf_number).second) caf_numbers.push_back(r.record.caf_number);
    }
  }
  ASSIGN_OR_RETURN(auto stored, LoadByCafNumber(*tx, caf_numbers));

  std::vector<std::string> candidate_keys;
  for (const IndexedCafRecord& r : batch) {
    auto it = stored.find(r.record.caf_number);
    if (it != stored.end()) {
      candidate_keys.push_back(ImportKey(it->second.id, *r.record.event_date, r.record.kind));
    }
  }
  ASSIGN_OR_RETURN(std::set<std::string> applied_keys, ExistingKeys(*tx, candidate_keys));

  CafBatchResult result;
  std::map<std::string, Beneficiary> state = stored;  // evolves record by record
  std::set<std::string> created;                      // CAF numbers new in this batch
  std::set<std::string> touched;                      // stored ones changed by this batch
  std::vector<std::pair<std::string, std::string>> new_keys;
  std::vector<events::v1::Event> events;
  for (const IndexedCafRecord& r : batch) {
    auto it = state.find(r.record.caf_number);
    std::optional<Beneficiary> current;
    if (it != state.end()) current = it->second;
    const std::string new_id = current.has_value() ? "" : NewId("ben", now);
    const std::string id = current.has_value() ? current->id : new_id;
    const std::string key = ImportKey(id, *r.record.event_date, r.record.kind);
    if (applied_keys.count(key) > 0) {
      ++result.unchanged;
      continue;
    }
    absl::StatusOr<CafEffect> effect = ApplyCafRecord(current, r.record, r.territory, now, new_id);
    if (!effect.ok()) {
      result.rejections.push_back(
          {r.index, RejectionField(r.record.kind), std::string(effect.status().message())});
      continue;
    }
    switch (effect->kind) {
      case CafEffect::Kind::kCreated:
        created.insert(r.record.caf_number);
        [[fallthrough]];
      case CafEffect::Kind::kReentered:
        events.push_back(BeneficiaryEnteredEvent(effect->after, now));
        break;
      case CafEffect::Kind::kChanged:
        if (!effect->changed_fields.empty()) {
          events.push_back(BeneficiaryChangedEvent(effect->after, effect->changed_fields, now));
        }
        break;
      case CafEffect::Kind::kExited:
        events.push_back(BeneficiaryExitedEvent(effect->after, effect->status_before, now));
        break;
    }
    const bool no_op = effect->kind == CafEffect::Kind::kChanged && effect->changed_fields.empty();
    if (created.count(r.record.caf_number) == 0 && !no_op) touched.insert(r.record.caf_number);
    state[r.record.caf_number] = effect->after;
    applied_keys.insert(key);
    new_keys.emplace_back(key, id);
    ++result.applied;
  }

  std::vector<Beneficiary> inserts;
  for (const std::string& caf : created) inserts.push_back(state[caf]);
  RETURN_IF_ERROR(sql::InsertBeneficiaries(*tx, inserts));
  for (const std::string& caf : touched) {
    Beneficiary& b = state[caf];
    b.version = stored.at(caf).version;  // one conditional write for all its records
    RETURN_IF_ERROR(sql::SaveBeneficiary(*tx, b));
  }
  RETURN_IF_ERROR(InsertKeys(*tx, new_keys, now));
  StageEvents(outbox, *tx, std::move(events));
  RETURN_IF_ERROR(tx->Commit());
  return result;
}

}  // namespace

absl::StatusOr<CafBatchResult> SqlOrientationStore::ImportCafBatch(
    const std::vector<IndexedCafRecord>& batch, absl::Time now) {
  // A concurrent import of the same records makes this one fail on a unique key (the CAF
  // number or the import key) or an etag; running the batch again then finds what the
  // other import wrote and reports it unchanged.
  absl::Status last;
  for (int attempt = 0; attempt < 3; ++attempt) {
    absl::StatusOr<CafBatchResult> r = ImportOnce(db_, outbox_, batch, now);
    if (r.ok()) return r;
    last = r.status();
    if (last.code() != absl::StatusCode::kAlreadyExists &&
        last.code() != absl::StatusCode::kAborted) {
      return last;
    }
  }
  return last;
}

}  // namespace parcours::orientation
