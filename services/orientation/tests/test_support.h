// Shared test support for the orientation tests: reference data, CAF record builders, a
// store on a fresh database (either driver), table dumps for "nothing changed" checks.
#ifndef PARCOURS_SERVICES_ORIENTATION_TESTS_TEST_SUPPORT_H_
#define PARCOURS_SERVICES_ORIENTATION_TESTS_TEST_SUPPORT_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "libs/events/feed_notifier.h"
#include "libs/events/outbox.h"
#include "libs/storage/database.h"
#include "libs/testing/test_database.h"
#include "parcours/events/v1/events.pb.h"
#include "services/orientation/domain/caf_record.h"
#include "services/orientation/domain/model.h"
#include "services/orientation/domain/rules_engine.h"
#include "services/orientation/store/sql_orientation_store.h"

namespace parcours::orientation::testing {

const TerritoryMap& Territories();
const RulesEngine& Rules();

// An entrant record with a distinctive identity derived from `n` (CAF number 7 digits).
CafRecord Entrant(int n, const std::string& commune, absl::CivilDay event_date,
                  bool subject = true);
std::string CafNumber(int n);

// A store on a fresh migrated database.
struct StoreEnv {
  std::unique_ptr<testutil::TestDatabase> db;
  std::unique_ptr<events::FeedNotifier> notifier;
  std::unique_ptr<events::Outbox> outbox;
  std::unique_ptr<SqlOrientationStore> store;
};
absl::StatusOr<StoreEnv> MakeStoreEnv(const std::string& driver,
                                      storage::DatabaseOptions options = {});

// Validates (like the service) then imports `records` as one batch.
absl::StatusOr<CafBatchResult> Import(OrientationStore& store,
                                      const std::vector<CafRecord>& records, absl::Time now);

// Every row of every table but audit_log, ordered, as text: equal dumps, equal databases.
absl::StatusOr<std::string> DumpTables(storage::Database& db);
// The published events (libs/events' outbox table), in feed order.
absl::StatusOr<std::vector<events::v1::Event>> ReadEvents(storage::Database& db);

// Rows in `table`.
absl::StatusOr<int64_t> CountRows(storage::Database& db, const std::string& table);

}  // namespace parcours::orientation::testing

#endif  // PARCOURS_SERVICES_ORIENTATION_TESTS_TEST_SUPPORT_H_
