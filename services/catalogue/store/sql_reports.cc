// SqlCatalogueStore: mobilisation figures, the published offer, counts for metrics.
#include <map>
#include <set>

#include "services/catalogue/domain/mobilisation.h"
#include "services/catalogue/store/rows.h"
#include "services/catalogue/store/sql_catalogue_store.h"
#include "services/catalogue/store/sql_common.h"

namespace parcours::catalogue {
namespace {

const char* GroupColumn(v1::MobilisationGrouping g) {
  switch (g) {
    case v1::MOBILISATION_GROUPING_OFFER:
      return "offer_id";
    case v1::MOBILISATION_GROUPING_TAD:
      return "tad";
    case v1::MOBILISATION_GROUPING_MDS:
      return "mds";
    case v1::MOBILISATION_GROUPING_PDI_FICHE:
      return "pdi_fiche";
    default:
      return "''";  // one row for everything
  }
}

}  // namespace

absl::StatusOr<std::vector<v1::MobilisationRow>> SqlCatalogueStore::Mobilisation(
    const MobilisationQuery& q) {
  ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> tx, db_.Begin(storage::TxMode::kRead));
  // Counts by (group, offer, status): the offer level lets each row add up the places of
  // the offers its prescriptions went to.
  const std::string key = GroupColumn(q.group_by);
  std::string sql = absl::StrCat("SELECT ", key,
                                 ", offer_id, status, COUNT(*), SUM(positive_exit) "
                                 "FROM prescriptions WHERE created_day >= ? AND created_day < ?");
  storage::Params params = {q.from, q.to};
  const auto eq = [&](const char* column, const std::string& value) {
    if (value.empty()) return;
    absl::StrAppend(&sql, " AND ", column, " = ?");
    params.emplace_back(value);
  };
  eq("offer_id", q.offer_id);
  eq("structure_id", q.structure_id);
  eq("tad", q.tad);
  eq("mds", q.mds);
  eq("pdi_fiche", q.pdi_fiche);
  // PostgreSQL refuses a constant in GROUP BY: without grouping, group by offer only.
  absl::StrAppend(&sql, " GROUP BY ", key == "''" ? "" : key + ", ", "offer_id, status");
  ASSIGN_OR_RETURN(storage::ResultSet counts, tx->Query(sql, params));

  // Places per offer over the period: sessions starting in it, else the offer's capacity.
  std::map<std::string, int64_t> places;
  ASSIGN_OR_RETURN(storage::ResultSet sessions,
                   tx->Query("SELECT offer_id, SUM(places) FROM sessions WHERE start_date >= ? "
                             "AND start_date < ? GROUP BY offer_id",
                             {q.from, q.to}));
  for (const storage::Row& r : sessions.rows) places[r.Text(0)] = r.Int(1);
  ASSIGN_OR_RETURN(storage::ResultSet capacities,
                   tx->Query("SELECT id, capacity FROM offers WHERE capacity > 0 AND NOT EXISTS "
                             "(SELECT 1 FROM sessions WHERE sessions.offer_id = offers.id)"));
  for (const storage::Row& r : capacities.rows) places[r.Text(0)] = r.Int(1);

  std::map<std::string, MobilisationCounts> rows;
  std::map<std::string, std::set<std::string>> offers_of_row;
  for (const storage::Row& r : counts.rows) {
    MobilisationCounts& c = rows[r.Text(0)];
    c.by_status[PrescriptionStatusFromName(r.Text(2))] += r.Int(3);
    c.positive_exits += r.Int(4);
    offers_of_row[r.Text(0)].insert(r.Text(1));
  }
  std::vector<v1::MobilisationRow> out;
  for (auto& [k, c] : rows) {
    for (const std::string& offer : offers_of_row[k]) c.places += places[offer];
    out.push_back(MakeMobilisationRow(k, c));
  }
  return out;
}

absl::StatusOr<std::pair<std::vector<v1::Structure>, std::vector<v1::Offer>>>
SqlCatalogueStore::PublishedOffer() {
  ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> tx, db_.Begin(storage::TxMode::kRead));
  ASSIGN_OR_RETURN(std::vector<v1::Offer> offers,
                   LoadOffers(*tx, "WHERE status = ? ORDER BY id",
                              {OfferStatusName(v1::OFFER_STATUS_PUBLISHED)}));
  ASSIGN_OR_RETURN(storage::ResultSet rs,
                   tx->Query(absl::StrCat("SELECT ", kStructureColumns,
                                          " FROM structures WHERE id IN (SELECT structure_id FROM "
                                          "offers WHERE status = ?) ORDER BY id"),
                             {OfferStatusName(v1::OFFER_STATUS_PUBLISHED)}));
  std::vector<v1::Structure> structures;
  for (const storage::Row& row : rs.rows) {
    ASSIGN_OR_RETURN(Versioned<v1::Structure> s, StructureFromRow(row));
    structures.push_back(std::move(s.value));
  }
  return std::make_pair(std::move(structures), std::move(offers));
}

absl::StatusOr<std::map<std::string, int64_t>> SqlCatalogueStore::CountOffersByStatus() {
  ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> tx, db_.Begin(storage::TxMode::kRead));
  ASSIGN_OR_RETURN(storage::ResultSet rs,
                   tx->Query("SELECT status, COUNT(*) FROM offers GROUP BY status"));
  std::map<std::string, int64_t> out;
  for (const storage::Row& r : rs.rows) out[r.Text(0)] = r.Int(1);
  return out;
}

absl::StatusOr<std::map<std::string, int64_t>> SqlCatalogueStore::CountPrescriptionsByStatus() {
  ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> tx, db_.Begin(storage::TxMode::kRead));
  ASSIGN_OR_RETURN(storage::ResultSet rs,
                   tx->Query("SELECT status, COUNT(*) FROM prescriptions GROUP BY status"));
  std::map<std::string, int64_t> out;
  for (const storage::Row& r : rs.rows) out[r.Text(0)] = r.Int(1);
  return out;
}

}  // namespace parcours::catalogue
