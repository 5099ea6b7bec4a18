// Operational queues: counts per TAD/MDS and the waiting lists, longest wait first.
#include "absl/strings/str_cat.h"
#include "libs/common/status_macros.h"
#include "services/orientation/domain/identity_validation.h"
#include "services/orientation/store/sql_orientation_store.h"
#include "services/orientation/store/sql_rows.h"

namespace parcours::orientation {
namespace {

// The WHERE condition of each queue over beneficiaries b; the one parameter, where there
// is one, is the entry date before which a convened person counts as late.
struct QueueSql {
  QueueKind kind;
  const char* where;
  bool takes_date;
};

constexpr QueueSql kQueues[] = {
    {QueueKind::kNotYetConvened, "b.status = 'TO_CONVENE'", false},
    {QueueKind::kConvenedNotOriented, "b.status = 'CONVENED' AND b.entry_date < ?", true},
    {QueueKind::kOrientedWithoutAppointment,
     "b.status = 'ORIENTED' AND NOT EXISTS (SELECT 1 FROM appointments a WHERE "
     "a.beneficiary_id = b.id AND a.referent_id = b.referent_id AND a.status IN ('BOOKED', "
     "'HELD'))",
     false},
};

const QueueSql* Find(QueueKind kind) {
  for (const QueueSql& q : kQueues) {
    if (q.kind == kind) return &q;
  }
  return nullptr;
}

}  // namespace

absl::StatusOr<std::vector<QueueCount>> SqlOrientationStore::QueueCounts(
    const std::string& tad, const AccessScope& scope, absl::CivilDay not_oriented_before) {
  ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  std::vector<QueueCount> out;
  for (const QueueSql& q : kQueues) {
    std::string sql =
        absl::StrCat("SELECT b.tad, b.mds, COUNT(*) FROM beneficiaries b WHERE ", q.where);
    storage::Params params;
    if (q.takes_date) params.emplace_back(FormatDate(not_oriented_before));
    if (!tad.empty()) {
      sql += " AND b.tad = ?";
      params.emplace_back(tad);
    }
    sql::AppendScope(scope, "b.tad", "b.mds", sql, params);
    sql += " GROUP BY b.tad, b.mds ORDER BY b.tad, b.mds";
    ASSIGN_OR_RETURN(storage::ResultSet rs, tx->Query(sql, params));
    for (const storage::Row& r : rs.rows) out.push_back({q.kind, r.Text(0), r.Text(1), r.Int(2)});
  }
  return out;
}

absl::StatusOr<Page<QueueEntry>> SqlOrientationStore::ListQueue(
    QueueKind queue, const std::string& tad, const std::string& mds, const AccessScope& scope,
    absl::CivilDay not_oriented_before, absl::CivilDay today, const PageRequest& page) {
  const QueueSql* q = Find(queue);
  if (q == nullptr) return absl::InvalidArgumentError("queue: unknown");
  std::string sql =
      absl::StrCat("SELECT b.id, b.tad, b.mds, b.entry_date FROM beneficiaries b WHERE ", q->where);
  storage::Params params;
  if (q->takes_date) params.emplace_back(FormatDate(not_oriented_before));
  if (!page.after.empty()) {
    // Ordered by (entry_date, id): the token is "<date>/<id>".
    const size_t slash = page.after.find('/');
    if (slash == std::string::npos) return absl::InvalidArgumentError("page_token: malformed");
    const std::string date = page.after.substr(0, slash);
    sql += " AND (b.entry_date > ? OR (b.entry_date = ? AND b.id > ?))";
    params.insert(params.end(), {date, date, page.after.substr(slash + 1)});
  }
  if (!tad.empty()) {
    sql += " AND b.tad = ?";
    params.emplace_back(tad);
  }
  if (!mds.empty()) {
    sql += " AND b.mds = ?";
    params.emplace_back(mds);
  }
  sql::AppendScope(scope, "b.tad", "b.mds", sql, params);
  sql += " ORDER BY b.entry_date, b.id LIMIT ?";
  params.emplace_back(page.page_size + 1);
  ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  ASSIGN_OR_RETURN(storage::ResultSet rs, tx->Query(sql, params));
  std::vector<QueueEntry> items;
  for (const storage::Row& r : rs.rows) {
    QueueEntry e;
    e.beneficiary_id = r.Text(0);
    e.territory = {r.Text(1), r.Text(2), ""};
    e.entry_date = sql::DateOr(r.Text(3), today);
    e.days_waiting = static_cast<int>(today - e.entry_date);
    items.push_back(std::move(e));
  }
  return sql::MakePage(std::move(items), page.page_size, [](const QueueEntry& e) {
    return absl::StrCat(FormatDate(e.entry_date), "/", e.beneficiary_id);
  });
}

}  // namespace parcours::orientation
