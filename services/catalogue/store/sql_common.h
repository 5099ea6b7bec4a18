// Helpers shared by the SqlCatalogueStore source files. Internal to the store.
#ifndef PARCOURS_SERVICES_CATALOGUE_STORE_SQL_COMMON_H_
#define PARCOURS_SERVICES_CATALOGUE_STORE_SQL_COMMON_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "libs/common/status_macros.h"
#include "libs/storage/database.h"

namespace parcours::catalogue {

// Runs `body` in a write transaction and commits (on SQLite, in a group commit with the
// writes running meanwhile). Not retried: the store's conditional updates already turn
// concurrent changes into ABORTED for the caller to decide.
template <typename Fn>
absl::Status InWriteTransaction(storage::Database& db, Fn&& body) {
  return db.InTransaction(std::forward<Fn>(body), /*attempts=*/1);
}

// The page convention: ask for limit + 1 rows to know whether more follow.
template <typename T>
void TrimPage(std::vector<T>& items, int limit, bool& more) {
  more = static_cast<int>(items.size()) > limit;
  if (more) items.resize(limit);
}

}  // namespace parcours::catalogue

#endif  // PARCOURS_SERVICES_CATALOGUE_STORE_SQL_COMMON_H_
