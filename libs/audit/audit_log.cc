#include "libs/audit/audit_log.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "libs/common/status_macros.h"
#include "libs/storage/placeholders.h"

namespace parcours::audit {
namespace {

constexpr char kInsertHead[] =
    "INSERT INTO audit_log (at_us, subject, roles, method, action, record_type, record_id, "
    "purpose) VALUES ";
constexpr size_t kColumns = 8;
// Records in one batch, and so in one INSERT: bounds the distinct statement texts.
constexpr size_t kRowsPerInsert = 64;

storage::Params InsertParams(absl::Time at, const auth::CallAuthorization& call, AuditAction action,
                             const std::string& record_type, const std::string& record_id) {
  return {absl::ToUnixMicros(at),
          call.principal.subject,
          absl::StrJoin(call.principal.roles, ","),
          call.method,
          action == AuditAction::kRead ? "read" : "write",
          record_type,
          record_id,
          call.purpose};
}

}  // namespace

struct AuditLog::Pending {
  storage::Params params;
  absl::Status status;
};

AuditLog::AuditLog(storage::Database& db, const Clock& clock)
    : db_(db), clock_(clock), batches_(kRowsPerInsert) {}

absl::Status AuditLog::Record(const auth::CallAuthorization& call, AuditAction action,
                              const std::string& record_type, const std::string& record_id) {
  Pending mine{InsertParams(clock_.Now(), call, action, record_type, record_id)};
  batches_.Submit(&mine, [this](absl::Span<Pending* const> batch) {
    const absl::Status status = WriteBatch(batch);
    for (Pending* p : batch) p->status = status;
  });
  return mine.status;
}

absl::Status AuditLog::WriteBatch(absl::Span<Pending* const> batch) {
  const std::string sql =
      absl::StrCat(kInsertHead, storage::RowPlaceholders(batch.size(), kColumns));
  storage::Params params;
  params.reserve(batch.size() * kColumns);
  for (Pending* p : batch) params.insert(params.end(), p->params.begin(), p->params.end());
  return db_.InTransaction(
      [&](storage::Transaction& tx) -> absl::Status { return tx.Exec(sql, params).status(); });
}

absl::Status AuditLog::Record(storage::Transaction& tx, const auth::CallAuthorization& call,
                              AuditAction action, const std::string& record_type,
                              const std::string& record_id) {
  static const std::string* const kInsert =
      new std::string(absl::StrCat(kInsertHead, storage::RowPlaceholders(1, kColumns)));
  return tx.Exec(*kInsert, InsertParams(clock_.Now(), call, action, record_type, record_id))
      .status();
}

absl::StatusOr<std::vector<AuditEntry>> AuditLog::List(const AuditQuery& q) {
  ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  const int64_t from = q.from == absl::InfinitePast() ? INT64_MIN : absl::ToUnixMicros(q.from);
  const int64_t to = q.to == absl::InfiniteFuture() ? INT64_MAX : absl::ToUnixMicros(q.to);
  ASSIGN_OR_RETURN(
      storage::ResultSet rs,
      tx->Query("SELECT sequence, at_us, subject, roles, method, action, record_type, "
                "record_id, purpose FROM audit_log WHERE sequence > ? AND at_us >= ? AND "
                "at_us < ? AND (? = '' OR subject = ?) AND (? = '' OR record_type = ?) AND "
                "(? = '' OR record_id = ?) ORDER BY sequence LIMIT ?",
                {q.after_sequence, from, to, q.subject, q.subject, q.record_type, q.record_type,
                 q.record_id, q.record_id, static_cast<int64_t>(q.limit)}));
  std::vector<AuditEntry> out;
  out.reserve(rs.rows.size());
  for (const storage::Row& row : rs.rows) {
    AuditEntry e;
    e.sequence = row.Int(0);
    e.at = absl::FromUnixMicros(row.Int(1));
    e.subject = row.Text(2);
    for (absl::string_view r : absl::StrSplit(row.Text(3), ',', absl::SkipEmpty())) {
      e.roles.emplace_back(r);
    }
    e.method = row.Text(4);
    e.action = row.Text(5);
    e.record_type = row.Text(6);
    e.record_id = row.Text(7);
    e.purpose = row.Text(8);
    out.push_back(std::move(e));
  }
  return out;
}

absl::StatusOr<int64_t> AuditLog::Purge(absl::Time cutoff) {
  int64_t deleted = 0;
  RETURN_IF_ERROR(db_.InTransaction([&](storage::Transaction& tx) -> absl::Status {
    const int64_t cutoff_us = absl::ToUnixMicros(cutoff);
    RETURN_IF_ERROR(
        tx.Exec("INSERT INTO audit_retention_run (cutoff_us) VALUES (?)", {cutoff_us}).status());
    ASSIGN_OR_RETURN(deleted, tx.Exec("DELETE FROM audit_log WHERE at_us < ?", {cutoff_us}));
    // The run row is only the permission for this transaction's deletes.
    return tx.Exec("DELETE FROM audit_retention_run WHERE cutoff_us = ?", {cutoff_us}).status();
  }));
  return deleted;
}

}  // namespace parcours::audit
