// Beneficiaries: get, list with filters and pagination, update with etag.
#include "absl/strings/str_cat.h"
#include "libs/common/status_macros.h"
#include "services/orientation/events/orientation_events.h"
#include "services/orientation/store/outbox.h"
#include "services/orientation/store/sql_orientation_store.h"
#include "services/orientation/store/sql_rows.h"

namespace parcours::orientation {

absl::StatusOr<Beneficiary> SqlOrientationStore::GetBeneficiary(const std::string& id,
                                                                const AccessScope& scope) {
  ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  return sql::LoadBeneficiary(*tx, id, scope);
}

absl::StatusOr<Page<Beneficiary>> SqlOrientationStore::ListBeneficiaries(
    const BeneficiaryFilter& filter, const AccessScope& scope, const PageRequest& page) {
  std::string sql = absl::StrCat(sql::kBeneficiarySelect, " WHERE b.id > ?");
  storage::Params params = {page.after};
  if (filter.status != BeneficiaryStatus::kUnspecified) {
    sql += " AND b.status = ?";
    params.emplace_back(Name(filter.status));
  }
  if (!filter.tad.empty()) {
    sql += " AND b.tad = ?";
    params.emplace_back(filter.tad);
  }
  if (!filter.mds.empty()) {
    sql += " AND b.mds = ?";
    params.emplace_back(filter.mds);
  }
  if (!filter.commune_insee.empty()) {
    sql += " AND i.commune_insee = ?";
    params.emplace_back(filter.commune_insee);
  }
  sql::AppendScope(scope, "b.tad", "b.mds", sql, params);
  sql += " ORDER BY b.id LIMIT ?";
  params.emplace_back(page.page_size + 1);
  ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  ASSIGN_OR_RETURN(storage::ResultSet rs, tx->Query(sql, params));
  std::vector<Beneficiary> items;
  for (const storage::Row& row : rs.rows) items.push_back(sql::BeneficiaryFromRow(row));
  return sql::MakePage(std::move(items), page.page_size, [](const Beneficiary& b) { return b.id; });
}

absl::StatusOr<Beneficiary> SqlOrientationStore::UpdateBeneficiary(
    const std::string& id, int64_t version, const AccessScope& scope,
    const std::function<absl::StatusOr<std::vector<std::string>>(Beneficiary&)>& mutate) {
  ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  ASSIGN_OR_RETURN(Beneficiary b, sql::LoadBeneficiary(*tx, id, scope));
  if (b.version != version) {
    return absl::AbortedError(absl::StrCat("etag mismatch: ", id, " changed, read it again"));
  }
  ASSIGN_OR_RETURN(std::vector<std::string> changed, mutate(b));
  if (changed.empty()) return b;  // nothing to write, no event
  RETURN_IF_ERROR(sql::SaveBeneficiary(*tx, b));
  StageEvents(outbox_, *tx, {BeneficiaryChangedEvent(b, changed, b.update_time)});
  RETURN_IF_ERROR(tx->Commit());
  return b;
}

}  // namespace parcours::orientation
