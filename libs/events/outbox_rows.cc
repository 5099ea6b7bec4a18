#include "libs/events/outbox_rows.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "libs/common/status_macros.h"
#include "libs/storage/placeholders.h"

namespace parcours::events {
namespace {

// Advisory lock class 1347374658 (ASCII "POXB"), then the schema: one feed per schema.
constexpr char kAppendLock[] =
    "SELECT pg_advisory_xact_lock(1347374658, hashtext(current_schema()))";

constexpr char kColumns[] =
    "sequence, event_id, type, aggregate_type, aggregate_id, beneficiary_id, tad, mds, "
    "occurred_at_us, payload";

int64_t ToMicros(const google::protobuf::Timestamp& t) {
  return t.seconds() * 1000000 + t.nanos() / 1000;
}

absl::StatusOr<v1::Event> FromRow(const storage::Row& row, const std::string& source) {
  v1::Event event;
  event.set_sequence(row.Int(0));
  event.set_event_id(row.Text(1));
  event.set_source(source);
  event.set_type(row.Text(2));
  event.set_aggregate_type(row.Text(3));
  event.set_aggregate_id(row.Text(4));
  event.set_beneficiary_id(row.Text(5));
  event.set_tad(row.Text(6));
  event.set_mds(row.Text(7));
  const int64_t micros = row.Int(8);
  // Floor division, so instants before 1970 keep nanos in [0, 1e9).
  int64_t seconds = micros / 1000000;
  int64_t rest = micros % 1000000;
  if (rest < 0) {
    rest += 1000000;
    --seconds;
  }
  event.mutable_occurred_at()->set_seconds(seconds);
  event.mutable_occurred_at()->set_nanos(static_cast<int32_t>(rest * 1000));
  if (!event.mutable_payload()->ParseFromString(row.Blob(9))) {
    return absl::DataLossError(
        absl::StrCat("outbox row ", event.sequence(), " has an unreadable payload"));
  }
  return event;
}

}  // namespace

absl::Status LockFeedForAppend(storage::Transaction& tx) {
  if (tx.dialect() != storage::Dialect::kPostgres) return absl::OkStatus();
  return tx.Query(kAppendLock).status();
}

absl::Status InsertEvent(storage::Transaction& tx, const v1::Event& event) {
  return InsertEvents(tx, {event});
}

absl::Status InsertEvents(storage::Transaction& tx, const std::vector<v1::Event>& events) {
  constexpr char kInsert[] =
      "INSERT INTO outbox (event_id, type, aggregate_type, aggregate_id, beneficiary_id, "
      "tad, mds, occurred_at_us, payload) VALUES ";
  constexpr size_t kColumns = 9;
  for (size_t begin = 0; begin < events.size(); begin += kInsertBatchRows) {
    const size_t end = std::min(events.size(), begin + kInsertBatchRows);
    const std::string sql = absl::StrCat(kInsert, storage::RowPlaceholders(end - begin, kColumns));
    storage::Params params;
    params.reserve((end - begin) * kColumns);
    for (size_t i = begin; i < end; ++i) {
      const v1::Event& event = events[i];
      params.emplace_back(event.event_id());
      params.emplace_back(event.type());
      params.emplace_back(event.aggregate_type());
      params.emplace_back(event.aggregate_id());
      params.emplace_back(event.beneficiary_id());
      params.emplace_back(event.tad());
      params.emplace_back(event.mds());
      params.emplace_back(ToMicros(event.occurred_at()));
      params.emplace_back(storage::Bytes{event.payload().SerializeAsString()});
    }
    RETURN_IF_ERROR(tx.Exec(sql, params).status());
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<v1::Event>> ReadEvents(storage::Transaction& tx,
                                                  const std::string& source, int64_t after,
                                                  const std::vector<std::string>& types,
                                                  int limit) {
  std::string sql = absl::StrCat("SELECT ", kColumns, " FROM outbox WHERE sequence > ?");
  storage::Params params = {after};
  if (!types.empty()) {
    absl::StrAppend(&sql, " AND type IN (", storage::Placeholders(types.size()), ")");
    params.insert(params.end(), types.begin(), types.end());
  }
  sql += " ORDER BY sequence LIMIT ?";
  params.emplace_back(limit);
  ASSIGN_OR_RETURN(storage::ResultSet rs, tx.Query(sql, params));
  std::vector<v1::Event> events;
  events.reserve(rs.rows.size());
  for (const storage::Row& row : rs.rows) {
    ASSIGN_OR_RETURN(v1::Event event, FromRow(row, source));
    events.push_back(std::move(event));
  }
  return events;
}

absl::StatusOr<int64_t> LastSequence(storage::Transaction& tx) {
  ASSIGN_OR_RETURN(storage::ResultSet rs, tx.Query("SELECT MAX(sequence) FROM outbox"));
  if (rs.rows.empty() || rs.rows[0].IsNull(0)) return 0;
  return rs.rows[0].Int(0);
}

}  // namespace parcours::events
