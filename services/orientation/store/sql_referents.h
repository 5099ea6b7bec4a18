// Référent rows, shared by the agenda and the orientation parts of the SQL store.
// Internal to store/.
#ifndef PARCOURS_SERVICES_ORIENTATION_STORE_SQL_REFERENTS_H_
#define PARCOURS_SERVICES_ORIENTATION_STORE_SQL_REFERENTS_H_

#include <string>

#include "absl/status/statusor.h"
#include "libs/storage/database.h"
#include "services/orientation/domain/model.h"

namespace parcours::orientation::sql {

// SELECT list with the live caseload (beneficiaries ORIENTED or ACCOMPANIED to them); alias r.
extern const char kReferentSelect[];
Referent ReferentFromRow(const storage::Row& row);
// NOT_FOUND naming the référent.
absl::StatusOr<Referent> LoadReferent(storage::Transaction& tx, const std::string& id);

}  // namespace parcours::orientation::sql

#endif  // PARCOURS_SERVICES_ORIENTATION_STORE_SQL_REFERENTS_H_
