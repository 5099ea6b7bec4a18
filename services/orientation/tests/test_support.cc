#include "services/orientation/tests/test_support.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "libs/common/status_macros.h"
#include "libs/storage/migrations.h"
#include "services/orientation/default_data.h"
#include "services/orientation/store/migrations.h"

namespace parcours::orientation::testing {

const TerritoryMap& Territories() {
  static const auto* map = new TerritoryMap(TerritoryMap::Default());
  return *map;
}

const RulesEngine& Rules() {
  static const auto* rules = new RulesEngine(*RulesEngine::FromJson(DefaultRulesJson()));
  return *rules;
}

std::string CafNumber(int n) { return absl::StrFormat("%07d", n); }

CafRecord Entrant(int n, const std::string& commune, absl::CivilDay event_date, bool subject) {
  CafRecord r;
  r.kind = CafRecordKind::kEntrant;
  r.caf_number = CafNumber(n);
  r.event_date = event_date;
  r.last_name = absl::StrCat("Quasimodo", n);
  r.first_name = absl::StrCat("Zephyrine", n);
  r.birth_date = absl::CivilDay(1980 + n % 20, 1 + n % 12, 1 + n % 28);
  r.commune_insee = commune;
  r.address_line = absl::StrCat(n, " rue des Lilas");
  r.phone = absl::StrFormat("06%08d", n);
  r.email = absl::StrCat("zephyrine", n, "@example.org");
  r.subject_to_rights_and_duties = subject;
  return r;
}

absl::StatusOr<StoreEnv> MakeStoreEnv(const std::string& driver, storage::DatabaseOptions options) {
  StoreEnv env;
  ASSIGN_OR_RETURN(env.db, testutil::TestDatabase::Create(driver, options));
  RETURN_IF_ERROR(storage::ApplyMigrations(env.db->db(), AllMigrations()));
  env.notifier = std::make_unique<events::FeedNotifier>();
  env.outbox = std::make_unique<events::Outbox>("orientation", *env.notifier);
  env.store = std::make_unique<SqlOrientationStore>(env.db->db(), *env.outbox);
  return env;
}

absl::StatusOr<CafBatchResult> Import(OrientationStore& store,
                                      const std::vector<CafRecord>& records, absl::Time now) {
  CafFlowValidator validator(Territories(), absl::ToCivilDay(now, absl::UTCTimeZone()));
  std::vector<IndexedCafRecord> batch;
  CafBatchResult rejected;
  for (size_t i = 0; i < records.size(); ++i) {
    if (auto r = validator.Check(static_cast<int64_t>(i), records[i])) {
      rejected.rejections.push_back(*r);
      continue;
    }
    batch.push_back(
        {static_cast<int64_t>(i), records[i], Territories().ForCommune(records[i].commune_insee)});
  }
  ASSIGN_OR_RETURN(CafBatchResult result, store.ImportCafBatch(batch, now));
  result.rejections.insert(result.rejections.begin(), rejected.rejections.begin(),
                           rejected.rejections.end());
  return result;
}

absl::StatusOr<std::string> DumpTables(storage::Database& db) {
  const char* tables[][2] = {{"beneficiaries", "id"},
                             {"identities", "beneficiary_id"},
                             {"caf_import_keys", "import_key"},
                             {"information_sessions", "id"},
                             {"convocations", "id"},
                             {"referents", "id"},
                             {"orientation_decisions", "id"},
                             {"reorientation_requests", "id"},
                             {"slots", "id"},
                             {"appointments", "id"},
                             {"outbox", "sequence"}};
  std::string out;
  ASSIGN_OR_RETURN(auto tx, db.Begin(storage::TxMode::kRead));
  for (const auto& [table, key] : tables) {
    ASSIGN_OR_RETURN(storage::ResultSet rs,
                     tx->Query(absl::StrCat("SELECT * FROM ", table, " ORDER BY ", key)));
    absl::StrAppend(&out, "== ", table, " (", rs.rows.size(), " rows)\n");
    for (const storage::Row& row : rs.rows) {
      for (size_t i = 0; i < row.size(); ++i) absl::StrAppend(&out, i ? "|" : "", row.Text(i));
      out += "\n";
    }
  }
  return out;
}

absl::StatusOr<std::vector<events::v1::Event>> ReadEvents(storage::Database& db) {
  ASSIGN_OR_RETURN(auto tx, db.Begin(storage::TxMode::kRead));
  ASSIGN_OR_RETURN(storage::ResultSet rs,
                   tx->Query("SELECT sequence, event_id, type, aggregate_type, aggregate_id, "
                             "beneficiary_id, tad, mds, occurred_at_us, payload FROM outbox "
                             "ORDER BY sequence LIMIT 100000"));
  std::vector<events::v1::Event> out;
  for (const storage::Row& r : rs.rows) {
    events::v1::Event e;
    e.set_sequence(r.Int(0));
    e.set_event_id(r.Text(1));
    e.set_type(r.Text(2));
    e.set_aggregate_type(r.Text(3));
    e.set_aggregate_id(r.Text(4));
    e.set_beneficiary_id(r.Text(5));
    e.set_tad(r.Text(6));
    e.set_mds(r.Text(7));
    e.mutable_occurred_at()->set_seconds(r.Int(8) / 1000000);
    if (!e.mutable_payload()->ParseFromString(r.Blob(9))) {
      return absl::DataLossError("outbox payload does not parse");
    }
    out.push_back(std::move(e));
  }
  return out;
}

absl::StatusOr<int64_t> CountRows(storage::Database& db, const std::string& table) {
  ASSIGN_OR_RETURN(auto tx, db.Begin(storage::TxMode::kRead));
  ASSIGN_OR_RETURN(storage::ResultSet rs, tx->Query(absl::StrCat("SELECT COUNT(*) FROM ", table)));
  return rs.rows[0].Int(0);
}

}  // namespace parcours::orientation::testing
