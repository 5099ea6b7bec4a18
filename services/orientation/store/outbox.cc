#include "services/orientation/store/outbox.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"
#include "libs/common/status_macros.h"

namespace parcours::orientation {
namespace {

// Rows per INSERT: 6 parameters each stays far below both drivers' parameter limits.
constexpr size_t kRowsPerInsert = 500;

absl::Status Append(storage::Transaction& tx, const std::vector<events::v1::Event>& events) {
  for (size_t start = 0; start < events.size(); start += kRowsPerInsert) {
    const size_t end = std::min(events.size(), start + kRowsPerInsert);
    std::string sql =
        "INSERT INTO orientation_outbox (event_id, type, beneficiary_id, occurred_at_us, body) "
        "VALUES ";
    storage::Params params;
    params.reserve((end - start) * 5);
    for (size_t i = start; i < end; ++i) {
      const events::v1::Event& e = events[i];
      absl::StrAppend(&sql, i == start ? "" : ", ", "(?, ?, ?, ?, ?)");
      params.emplace_back(e.event_id());
      params.emplace_back(e.type());
      params.emplace_back(e.beneficiary_id());
      params.emplace_back(google::protobuf::util::TimeUtil::TimestampToMicroseconds(e.occurred_at()));
      params.emplace_back(storage::Bytes{e.SerializeAsString()});
    }
    ASSIGN_OR_RETURN(int64_t n, tx.Exec(sql, params));
    (void)n;
  }
  return absl::OkStatus();
}

}  // namespace

void StageEvents(storage::Transaction& tx, std::vector<events::v1::Event> events) {
  if (events.empty()) return;
  auto staged = std::make_shared<std::vector<events::v1::Event>>(std::move(events));
  tx.BeforeCommit([staged](storage::Transaction& t) { return Append(t, *staged); });
}

absl::StatusOr<std::vector<events::v1::Event>> ReadEvents(storage::Database& db,
                                                          int64_t after_sequence, int limit) {
  ASSIGN_OR_RETURN(auto tx, db.Begin(storage::TxMode::kRead));
  ASSIGN_OR_RETURN(storage::ResultSet rs,
                   tx->Query("SELECT sequence, body FROM orientation_outbox WHERE sequence > ? "
                             "ORDER BY sequence LIMIT ?",
                             {after_sequence, limit}));
  std::vector<events::v1::Event> out;
  for (const storage::Row& row : rs.rows) {
    events::v1::Event e;
    if (!e.ParseFromString(row.Blob(1))) {
      return absl::DataLossError(absl::StrCat("outbox event ", row.Int(0), " does not parse"));
    }
    e.set_sequence(row.Int(0));
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace parcours::orientation
