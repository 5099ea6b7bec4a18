#include "services/fraud/store/retention.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "libs/audit/retention_job.h"
#include "libs/common/status_macros.h"

namespace parcours::fraud {

absl::StatusOr<int64_t> AnonymiseClosedCases(storage::Database& db, audit::AuditLog& audit,
                                             absl::Time cutoff, int limit) {
  const auth::CallAuthorization call = audit::RetentionCall("fraud", "closed-cases", cutoff);
  int64_t done = 0;
  RETURN_IF_ERROR(db.InTransaction([&](storage::Transaction& tx) -> absl::Status {
    done = 0;
    // Selected in the query: every case of the household closed before the cutoff.
    ASSIGN_OR_RETURN(
        storage::ResultSet rs,
        tx.Query("SELECT h.id FROM households h WHERE h.caf_number NOT LIKE 'anon:%' "
                 "AND EXISTS (SELECT 1 FROM cases c WHERE c.household_id = h.id) "
                 "AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.household_id = h.id "
                 "AND (c.status <> 'CLOSED' OR c.closed_at_us >= ?)) ORDER BY h.id LIMIT ?",
                 {absl::ToUnixMicros(cutoff), static_cast<int64_t>(limit)}));
    for (const auto& row : rs.rows) {
      const std::string id = row.Text(0);
      RETURN_IF_ERROR(tx.Exec("UPDATE households SET caf_number = ?, street = '', "
                              "postal_code = '', bank_fingerprint = '' WHERE id = ?",
                              {absl::StrCat(kAnonymisedCafPrefix, id), id})
                          .status());
      RETURN_IF_ERROR(
          tx.Exec("UPDATE cases SET answer_text = '' WHERE household_id = ?", {id}).status());
      RETURN_IF_ERROR(audit.Record(tx, call, audit::AuditAction::kWrite, "household", id));
      ++done;
    }
    return absl::OkStatus();
  }));
  return done;
}

}  // namespace parcours::fraud
