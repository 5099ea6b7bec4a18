// Shared pieces of the SQL store: column lists, row → entity mapping, the access-scope
// WHERE clause, and the beneficiary read/write used by every aggregate's transaction.
// Internal to store/.
#ifndef PARCOURS_SERVICES_ORIENTATION_STORE_SQL_ROWS_H_
#define PARCOURS_SERVICES_ORIENTATION_STORE_SQL_ROWS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "libs/storage/database.h"
#include "services/orientation/domain/model.h"
#include "services/orientation/store/orientation_store.h"

namespace parcours::orientation::sql {

inline int64_t Micros(absl::Time t) { return absl::ToUnixMicros(t); }
inline absl::Time FromMicros(int64_t us) { return absl::FromUnixMicros(us); }
std::optional<std::string> DateText(const std::optional<absl::CivilDay>& d);
absl::CivilDay DateOr(const std::string& text, absl::CivilDay fallback);
std::optional<absl::CivilDay> OptDate(const std::optional<std::string>& text);

// Appends " AND (<tad_col> IN (…) OR <mds_col> IN (…))" for a restricted scope.
void AppendScope(const AccessScope& scope, const char* tad_col, const char* mds_col,
                 std::string& sql, storage::Params& params);

// SELECT list and FROM clause for a beneficiary with its identity and the facts its
// follow-up status is derived from; alias b for beneficiaries.
extern const char kBeneficiarySelect[];
Beneficiary BeneficiaryFromRow(const storage::Row& row);

// The beneficiary `id` if in `scope`, else NOT_FOUND.
absl::StatusOr<Beneficiary> LoadBeneficiary(storage::Transaction& tx, const std::string& id,
                                            const AccessScope& scope);

// Writes every mutable column of `b` (both tables) if the stored version is still
// `b.version`, and bumps it: b.version becomes the new version. ABORTED when it moved.
absl::Status SaveBeneficiary(storage::Transaction& tx, Beneficiary& b);

// Multi-row INSERT of new beneficiaries and their identities (version 1).
absl::Status InsertBeneficiaries(storage::Transaction& tx, const std::vector<Beneficiary>& list);

// ABORTED if a row with `id` exists in `table` (the version moved), NOT_FOUND otherwise:
// the answer after a conditional UPDATE changed nothing.
absl::Status StaleOrMissing(storage::Transaction& tx, const char* table, const std::string& id);

std::string EncodeBarriers(const std::vector<Barrier>& barriers);
std::vector<Barrier> DecodeBarriers(const std::string& text);

// Keeps the first `page_size` rows and reports whether there were more.
template <typename T, typename KeyFn>
Page<T> MakePage(std::vector<T> items, int page_size, KeyFn key) {
  Page<T> page;
  if (static_cast<int>(items.size()) > page_size) {
    items.resize(page_size);
    page.next = key(items.back());
  }
  page.items = std::move(items);
  return page;
}

}  // namespace parcours::orientation::sql

#endif  // PARCOURS_SERVICES_ORIENTATION_STORE_SQL_ROWS_H_
