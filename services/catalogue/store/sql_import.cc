// SqlCatalogueStore: data·inclusion import, upserting by the records' own ids.
#include "google/protobuf/util/field_mask_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "libs/common/ids.h"
#include "services/catalogue/store/rows.h"
#include "services/catalogue/store/sql_catalogue_store.h"
#include "services/catalogue/store/sql_common.h"

namespace parcours::catalogue {
namespace {

using google::protobuf::util::FieldMaskUtil;
using google::protobuf::util::MessageDifferencer;

template <typename T>
T MergeImported(const T& current, const T& imported, const google::protobuf::FieldMask& paths) {
  T next = current;
  FieldMaskUtil::MergeOptions options;
  options.set_replace_message_fields(true);
  options.set_replace_repeated_fields(true);
  FieldMaskUtil::MergeMessageTo(imported, paths, options, &next);
  return next;
}

std::optional<std::string> NullIfEmpty(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

}  // namespace

absl::Status SqlCatalogueStore::ImportStructure(const ImportedStructure& record,
                                                v1::ImportRecordReport& report) {
  const v1::Structure& imported = record.structure;
  return InWriteTransaction(db_, [&](storage::Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(storage::ResultSet found,
                     tx.Query(absl::StrCat("SELECT ", kStructureColumns,
                                           " FROM structures WHERE external_id = ?"),
                              {record.external_id}));
    const int64_t now = Micros(clock_.Now());
    if (found.empty()) {
      const std::string id = NewId("str", clock_.Now());
      RETURN_IF_ERROR(tx.Exec("INSERT INTO structures (id, request_id, external_id, siret, kind, "
                              "status, version, body, created_at_us, updated_at_us) VALUES "
                              "(?, NULL, ?, ?, ?, ?, 1, ?, ?, ?)",
                              {id, record.external_id, NullIfEmpty(imported.siret()),
                               v1::StructureKind_Name(imported.kind()),
                               StructureStatusName(v1::STRUCTURE_STATUS_ACTIVE),
                               StructureBody(imported), now, now})
                          .status());
      v1::StructureEvent e;
      e.set_structure_id(id);
      e.set_status(v1::STRUCTURE_STATUS_ACTIVE);
      e.set_version(1);
      events_.Stage(tx, MakeEvent("catalogue.structure.created", "structure", id, e));
      NotifyAfterCommit(tx, ChangeObserver::Kind::kStructure, id, 1);
      report.set_outcome("created");
      report.set_id(id);
      return absl::OkStatus();
    }
    ASSIGN_OR_RETURN(Versioned<v1::Structure> current, StructureFromRow(found.rows[0]));
    report.set_id(current.value.id());
    const v1::Structure next = MergeImported(current.value, imported, ImportedStructurePaths());
    if (MessageDifferencer::Equals(next, current.value)) {
      report.set_outcome("unchanged");
      return absl::OkStatus();
    }
    ASSIGN_OR_RETURN(
        int64_t n,
        tx.Exec("UPDATE structures SET siret = ?, body = ?, version = "
                "version + 1, updated_at_us = ? WHERE id = ? AND version = ?",
                {NullIfEmpty(next.siret()), StructureBody(next), now, next.id(), current.version}));
    if (n == 0) return absl::AbortedError("structure changed during the import; import again");
    v1::StructureEvent e;
    e.set_structure_id(next.id());
    e.set_status(next.status());
    e.set_version(current.version + 1);
    events_.Stage(tx, MakeEvent("catalogue.structure.updated", "structure", next.id(), e));
    NotifyAfterCommit(tx, ChangeObserver::Kind::kStructure, next.id(), current.version + 1);
    report.set_outcome("updated");
    return absl::OkStatus();
  });
}

absl::Status SqlCatalogueStore::ImportService(const ImportedService& record, bool publish,
                                              v1::ImportRecordReport& report) {
  return InWriteTransaction(db_, [&](storage::Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(storage::ResultSet structure,
                     tx.Query("SELECT id FROM structures WHERE external_id = ?",
                              {record.structure_external_id}));
    if (structure.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("structure_id: no structure with data·inclusion id \"",
                       record.structure_external_id, "\" (import it first, in \"structures\")"));
    }
    v1::Offer imported = record.offer;
    imported.set_structure_id(structure.rows[0].Text(0));
    ASSIGN_OR_RETURN(storage::ResultSet found,
                     tx.Query("SELECT id FROM offers WHERE external_id = ?", {record.external_id}));
    const int64_t now = Micros(clock_.Now());
    if (found.empty()) {
      const std::string id = NewId("off", clock_.Now());
      const v1::OfferStatus status = publish ? v1::OFFER_STATUS_PUBLISHED : v1::OFFER_STATUS_DRAFT;
      RETURN_IF_ERROR(
          tx.Exec("INSERT INTO offers (id, request_id, external_id, structure_id, "
                  "status, pdi_fiche, capacity, places_taken, version, body, "
                  "created_at_us, updated_at_us) VALUES (?, NULL, ?, ?, ?, ?, ?, 0, 1, "
                  "?, ?, ?)",
                  {id, record.external_id, imported.structure_id(), OfferStatusName(status),
                   imported.pdi_fiche(), imported.capacity(), OfferBody(imported), now, now})
              .status());
      ASSIGN_OR_RETURN(Versioned<v1::Offer> o, LoadOffer(tx, id));
      StageOfferEvent(tx, o.value, o.version, "created");
      if (publish) StageOfferEvent(tx, o.value, o.version, "published");
      report.set_outcome("created");
      report.set_id(id);
      return absl::OkStatus();
    }
    ASSIGN_OR_RETURN(Versioned<v1::Offer> current, LoadOffer(tx, found.rows[0].Text(0)));
    report.set_id(current.value.id());
    v1::Offer next = MergeImported(current.value, imported, ImportedOfferPaths());
    next.set_structure_id(imported.structure_id());
    if (MessageDifferencer::Equals(next, current.value)) {
      report.set_outcome("unchanged");
      return absl::OkStatus();
    }
    ASSIGN_OR_RETURN(
        int64_t n,
        tx.Exec("UPDATE offers SET structure_id = ?, body = ?, version = version + 1, "
                "updated_at_us = ? WHERE id = ? AND version = ?",
                {next.structure_id(), OfferBody(next), now, next.id(), current.version}));
    if (n == 0) return absl::AbortedError("offer changed during the import; import again");
    ASSIGN_OR_RETURN(Versioned<v1::Offer> o, LoadOffer(tx, next.id()));
    StageOfferEvent(tx, o.value, o.version, "updated");
    report.set_outcome("updated");
    return absl::OkStatus();
  });
}

absl::StatusOr<v1::ImportDataInclusionResponse> SqlCatalogueStore::Import(
    const DataInclusionDocument& doc, bool publish) {
  v1::ImportDataInclusionResponse response;
  const auto record = [&](const char* kind, int index, const std::string& external_id,
                          const std::vector<std::string>& errors, auto&& apply) {
    v1::ImportRecordReport* report = response.add_records();
    report->set_kind(kind);
    report->set_index(index);
    report->set_external_id(external_id);
    for (const std::string& e : errors) report->add_errors(e);
    if (errors.empty()) {
      if (absl::Status s = apply(*report); !s.ok()) {
        report->clear_id();
        report->add_errors(std::string(s.message()));
      }
    }
    if (report->errors_size() > 0) report->set_outcome("rejected");
    const std::string& outcome = report->outcome();
    if (outcome == "created") response.set_created(response.created() + 1);
    if (outcome == "updated") response.set_updated(response.updated() + 1);
    if (outcome == "unchanged") response.set_unchanged(response.unchanged() + 1);
    if (outcome == "rejected") response.set_rejected(response.rejected() + 1);
  };
  for (const ImportedStructure& s : doc.structures) {
    record("structure", s.index, s.external_id, s.errors,
           [&](v1::ImportRecordReport& r) { return ImportStructure(s, r); });
  }
  for (const ImportedService& s : doc.services) {
    record("service", s.index, s.external_id, s.errors,
           [&](v1::ImportRecordReport& r) { return ImportService(s, publish, r); });
  }
  return response;
}

}  // namespace parcours::catalogue
