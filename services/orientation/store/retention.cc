#include "services/orientation/store/retention.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "libs/audit/retention_job.h"
#include "libs/common/status_macros.h"

namespace parcours::orientation {

absl::StatusOr<int64_t> AnonymiseExitedBeneficiaries(storage::Database& db, audit::AuditLog& audit,
                                                     absl::Time cutoff, int limit) {
  const auth::CallAuthorization call =
      audit::RetentionCall("orientation", "exited-beneficiaries", cutoff);
  // Dates are stored as ISO text ("2024-05-01"), which sorts as the dates do.
  const std::string day = absl::FormatTime("%Y-%m-%d", cutoff, absl::UTCTimeZone());
  int64_t done = 0;
  RETURN_IF_ERROR(db.InTransaction([&](storage::Transaction& tx) -> absl::Status {
    done = 0;
    ASSIGN_OR_RETURN(
        storage::ResultSet rs,
        tx.Query("SELECT b.id FROM beneficiaries b JOIN identities i ON i.beneficiary_id = b.id "
                 "WHERE b.exit_date IS NOT NULL AND b.exit_date < ? "
                 "AND i.caf_number NOT LIKE 'anon:%' ORDER BY b.id LIMIT ?",
                 {day, static_cast<int64_t>(limit)}));
    for (const auto& row : rs.rows) {
      const std::string id = row.Text(0);
      RETURN_IF_ERROR(tx.Exec("UPDATE identities SET caf_number = ?, last_name = '', "
                              "first_name = '', birth_date = NULL, phone = '', email = '', "
                              "address_line = '' WHERE beneficiary_id = ?",
                              {absl::StrCat(kAnonymisedCafPrefix, id), id})
                          .status());
      RETURN_IF_ERROR(audit.Record(tx, call, audit::AuditAction::kWrite, "beneficiary", id));
      ++done;
    }
    return absl::OkStatus();
  }));
  return done;
}

}  // namespace parcours::orientation
