// SqlCatalogueStore: structures.
#include "google/protobuf/util/field_mask_util.h"
#include "libs/common/ids.h"
#include "services/catalogue/store/rows.h"
#include "services/catalogue/store/sql_catalogue_store.h"
#include "services/catalogue/store/sql_common.h"

namespace parcours::catalogue {
namespace {

using google::protobuf::util::FieldMaskUtil;

std::optional<std::string> NullIfEmpty(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

v1::StructureEvent StructurePayload(const v1::Structure& s, int64_t version) {
  v1::StructureEvent e;
  e.set_structure_id(s.id());
  e.set_status(s.status());
  e.set_version(version);
  return e;
}

}  // namespace

SqlCatalogueStore::SqlCatalogueStore(storage::Database& db, EventSink& events,
                                     ChangeObserver& observer, const Clock& clock,
                                     const ReferenceData& ref)
    : db_(db), events_(events), observer_(observer), clock_(clock), ref_(ref) {}

void SqlCatalogueStore::NotifyAfterCommit(storage::Transaction& tx, ChangeObserver::Kind kind,
                                          const std::string& id, int64_t version) {
  tx.OnCommit([this, kind, id, version] { observer_.Committed(kind, id, version); });
}

absl::Status SqlCatalogueStore::VersionConflict(storage::Transaction& tx, const char* table,
                                                const char* what, const std::string& id) {
  ASSIGN_OR_RETURN(storage::ResultSet rs,
                   tx.Query(absl::StrCat("SELECT version FROM ", table, " WHERE id = ?"), {id}));
  if (rs.empty()) return absl::NotFoundError(absl::StrCat("no ", what, " ", id));
  return absl::AbortedError(absl::StrCat("etag mismatch: the ", what, " changed (now at ",
                                         rs.rows[0].Int(0), "), read it again"));
}

absl::StatusOr<Versioned<v1::Structure>> SqlCatalogueStore::LoadStructure(storage::Transaction& tx,
                                                                          const std::string& id) {
  ASSIGN_OR_RETURN(
      storage::ResultSet rs,
      tx.Query(absl::StrCat("SELECT ", kStructureColumns, " FROM structures WHERE id = ?"), {id}));
  if (rs.empty()) return absl::NotFoundError(absl::StrCat("no structure ", id));
  return StructureFromRow(rs.rows[0]);
}

absl::StatusOr<v1::Structure> SqlCatalogueStore::CreateStructure(const std::string& request_id,
                                                                 const v1::Structure& structure) {
  v1::Structure created;
  RETURN_IF_ERROR(InWriteTransaction(db_, [&](storage::Transaction& tx) -> absl::Status {
    // A retry is answered with the first result (looked up first: an INSERT that also
    // clashes on the SIRET would fail before ON CONFLICT (request_id) is considered).
    ASSIGN_OR_RETURN(storage::ResultSet existing,
                     tx.Query("SELECT id FROM structures WHERE request_id = ?", {request_id}));
    if (!existing.empty()) {
      ASSIGN_OR_RETURN(Versioned<v1::Structure> first, LoadStructure(tx, existing.rows[0].Text(0)));
      created = first.value;
      return absl::OkStatus();
    }
    const std::string id = NewId("str", clock_.Now());
    const int64_t now = Micros(clock_.Now());
    ASSIGN_OR_RETURN(
        storage::ResultSet inserted,
        tx.Query(
            "INSERT INTO structures (id, request_id, external_id, siret, kind, status, "
            "version, body, created_at_us, updated_at_us) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?) "
            "ON CONFLICT (request_id) DO NOTHING RETURNING id",
            {id, request_id, NullIfEmpty(structure.external_id()), NullIfEmpty(structure.siret()),
             v1::StructureKind_Name(structure.kind()),
             StructureStatusName(v1::STRUCTURE_STATUS_ACTIVE), StructureBody(structure), now,
             now}));
    if (inserted.empty()) return absl::AbortedError("concurrent create with this request_id");
    ASSIGN_OR_RETURN(Versioned<v1::Structure> s, LoadStructure(tx, id));
    created = s.value;
    events_.Stage(tx, MakeEvent("catalogue.structure.created", "structure", created.id(),
                                StructurePayload(created, s.version)));
    NotifyAfterCommit(tx, ChangeObserver::Kind::kStructure, created.id(), s.version);
    return absl::OkStatus();
  }));
  return created;
}

absl::StatusOr<v1::Structure> SqlCatalogueStore::GetStructure(const std::string& id) {
  ASSIGN_OR_RETURN(Versioned<v1::Structure> s, GetStructureVersioned(id));
  return std::move(s.value);
}

absl::StatusOr<Versioned<v1::Structure>> SqlCatalogueStore::GetStructureVersioned(
    const std::string& id) {
  ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> tx, db_.Begin(storage::TxMode::kRead));
  return LoadStructure(*tx, id);
}

absl::StatusOr<Page<v1::Structure>> SqlCatalogueStore::ListStructures(const StructureFilter& filter,
                                                                      const PageRequest& page) {
  std::string sql = absl::StrCat("SELECT ", kStructureColumns, " FROM structures WHERE id > ?");
  storage::Params params = {page.after_id};
  if (filter.kind != v1::STRUCTURE_KIND_UNSPECIFIED) {
    sql += " AND kind = ?";
    params.emplace_back(v1::StructureKind_Name(filter.kind));
  }
  if (filter.status != v1::STRUCTURE_STATUS_UNSPECIFIED) {
    sql += " AND status = ?";
    params.emplace_back(StructureStatusName(filter.status));
  }
  sql += " ORDER BY id LIMIT ?";
  params.emplace_back(page.limit + 1);
  ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> tx, db_.Begin(storage::TxMode::kRead));
  ASSIGN_OR_RETURN(storage::ResultSet rs, tx->Query(sql, params));
  Page<v1::Structure> out;
  for (const storage::Row& row : rs.rows) {
    ASSIGN_OR_RETURN(Versioned<v1::Structure> s, StructureFromRow(row));
    out.items.push_back(std::move(s.value));
  }
  TrimPage(out.items, page.limit, out.more);
  return out;
}

absl::StatusOr<v1::Structure> SqlCatalogueStore::UpdateStructure(
    const v1::Structure& structure, const google::protobuf::FieldMask& mask,
    int64_t expected_version) {
  v1::Structure updated;
  RETURN_IF_ERROR(InWriteTransaction(db_, [&](storage::Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(Versioned<v1::Structure> current, LoadStructure(tx, structure.id()));
    if (current.version != expected_version) {
      return VersionConflict(tx, "structures", "structure", structure.id());
    }
    v1::Structure next = current.value;
    FieldMaskUtil::MergeOptions options;
    options.set_replace_message_fields(true);
    options.set_replace_repeated_fields(true);
    FieldMaskUtil::MergeMessageTo(structure, mask, options, &next);
    next.clear_source_date();  // changed here: the export dates it from this update
    const int64_t now = Micros(clock_.Now());
    ASSIGN_OR_RETURN(
        int64_t n, tx.Exec("UPDATE structures SET siret = ?, kind = ?, body = ?, "
                           "version = version + 1, updated_at_us = ? WHERE id = ? AND version = ?",
                           {NullIfEmpty(next.siret()), v1::StructureKind_Name(next.kind()),
                            StructureBody(next), now, structure.id(), expected_version}));
    if (n == 0) return VersionConflict(tx, "structures", "structure", structure.id());
    ASSIGN_OR_RETURN(Versioned<v1::Structure> s, LoadStructure(tx, structure.id()));
    updated = s.value;
    events_.Stage(tx, MakeEvent("catalogue.structure.updated", "structure", updated.id(),
                                StructurePayload(updated, s.version)));
    NotifyAfterCommit(tx, ChangeObserver::Kind::kStructure, updated.id(), s.version);
    return absl::OkStatus();
  }));
  return updated;
}

absl::StatusOr<v1::Structure> SqlCatalogueStore::CloseStructure(const std::string& id,
                                                                int64_t expected_version) {
  v1::Structure closed;
  RETURN_IF_ERROR(InWriteTransaction(db_, [&](storage::Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(Versioned<v1::Structure> current, LoadStructure(tx, id));
    if (current.version != expected_version) {
      return VersionConflict(tx, "structures", "structure", id);
    }
    ASSIGN_OR_RETURN(v1::StructureStatus to, CloseStructureStatus(current.value.status()));
    ASSIGN_OR_RETURN(
        int64_t n, tx.Exec("UPDATE structures SET status = ?, version = version + 1, "
                           "updated_at_us = ? WHERE id = ? AND version = ?",
                           {StructureStatusName(to), Micros(clock_.Now()), id, expected_version}));
    if (n == 0) return VersionConflict(tx, "structures", "structure", id);
    ASSIGN_OR_RETURN(Versioned<v1::Structure> s, LoadStructure(tx, id));
    closed = s.value;
    events_.Stage(tx, MakeEvent("catalogue.structure.closed", "structure", id,
                                StructurePayload(closed, s.version)));
    NotifyAfterCommit(tx, ChangeObserver::Kind::kStructure, id, s.version);
    return absl::OkStatus();
  }));
  return closed;
}

}  // namespace parcours::catalogue
