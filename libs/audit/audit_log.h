// The append-only audit log of personal-data access (CNIL: who, what, which record, when,
// why). Services that hold personal data record every read and write of it; the DPO lists
// records through the AuditLog RPC (audit_service.h); nothing can change a record, and
// only the retention job removes records older than the configured retention.
//
//   AuditLog audit(db);
//   ASSIGN_OR_RETURN(auth::CallAuthorization call, authorizer.Authorize(ctx));
//   RETURN_IF_ERROR(audit.Record(call, AuditAction::kRead, "beneficiary", id));
//   // or, for a write, inside the writing transaction so both commit or neither:
//   audit.Record(tx, call, AuditAction::kWrite, "contract", contract_id);
//
// The table and its guards come with AuditMigrations() (versions 9101+): UPDATE is refused
// by a trigger, DELETE too unless a retention run covering the row is recorded in the same
// transaction (only Purge() does that).
#ifndef PARCOURS_LIBS_AUDIT_AUDIT_LOG_H_
#define PARCOURS_LIBS_AUDIT_AUDIT_LOG_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "absl/time/time.h"
#include "libs/auth/authorizer.h"
#include "libs/common/clock.h"
#include "libs/common/combiner.h"
#include "libs/common/embedded_file.h"
#include "libs/storage/database.h"

namespace parcours::audit {

enum class AuditAction { kRead, kWrite };

struct AuditEntry {
  int64_t sequence = 0;
  absl::Time at;
  std::string subject;
  std::vector<std::string> roles;
  std::string method;
  std::string action;  // "read" | "write"
  std::string record_type;
  std::string record_id;
  std::string purpose;
};

struct AuditQuery {
  std::string subject, record_type, record_id;  // empty = any
  absl::Time from = absl::InfinitePast();
  absl::Time to = absl::InfiniteFuture();
  int64_t after_sequence = 0;  // pagination: records with a larger sequence
  int limit = 100;
};

class AuditLog {
 public:
  explicit AuditLog(storage::Database& db, const Clock& clock = Clock::Real());

  // In its own transaction (reads of personal data). Returns once the record has
  // committed. Concurrent callers share one transaction (libs/common/combiner.h: the
  // records queued while a batch is written go together in one multi-row INSERT), so
  // sixteen concurrent reads cost one write transaction, not sixteen in a row.
  absl::Status Record(const auth::CallAuthorization& call, AuditAction action,
                      const std::string& record_type, const std::string& record_id);
  // Inside the caller's write transaction: the record commits with the change.
  absl::Status Record(storage::Transaction& tx, const auth::CallAuthorization& call,
                      AuditAction action, const std::string& record_type,
                      const std::string& record_id);

  // Records matching `query`, in append order.
  absl::StatusOr<std::vector<AuditEntry>> List(const AuditQuery& query);

  // Deletes the records older than `cutoff` (the retention job); returns how many.
  absl::StatusOr<int64_t> Purge(absl::Time cutoff);

 private:
  struct Pending;
  absl::Status WriteBatch(absl::Span<Pending* const> batch);

  storage::Database& db_;
  const Clock& clock_;
  Combiner<Pending> batches_;
};

// The audit table and its append-only guards (versions 9101+).
std::vector<EmbeddedFile> AuditMigrations();

}  // namespace parcours::audit

#endif  // PARCOURS_LIBS_AUDIT_AUDIT_LOG_H_
