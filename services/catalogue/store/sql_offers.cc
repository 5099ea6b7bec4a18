// SqlCatalogueStore: offers and their sessions.
#include <algorithm>
#include <map>

#include "google/protobuf/util/field_mask_util.h"
#include "libs/common/ids.h"
#include "libs/errors/field_violations.h"
#include "libs/storage/placeholders.h"
#include "services/catalogue/domain/dates.h"
#include "services/catalogue/store/catalogue_events.h"
#include "services/catalogue/store/rows.h"
#include "services/catalogue/store/sql_catalogue_store.h"
#include "services/catalogue/store/sql_common.h"

namespace parcours::catalogue {
namespace {

using google::protobuf::util::FieldMaskUtil;

constexpr size_t kInListChunk = 500;  // ids per IN (...) list, well under both drivers' limits

std::optional<std::string> NullIfEmpty(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

bool MaskHas(const google::protobuf::FieldMask& mask, const std::string& path) {
  return std::find(mask.paths().begin(), mask.paths().end(), path) != mask.paths().end();
}

}  // namespace

void SqlCatalogueStore::StageOfferEvent(storage::Transaction& tx, const v1::Offer& offer,
                                        int64_t version, const std::string& what) {
  events_.Stage(tx, OfferChangeEvent(offer, version, what));
  NotifyAfterCommit(tx, ChangeObserver::Kind::kOffer, offer.id(), version);
}

absl::StatusOr<Versioned<v1::Offer>> SqlCatalogueStore::LoadOffer(storage::Transaction& tx,
                                                                  const std::string& id) {
  ASSIGN_OR_RETURN(
      storage::ResultSet rs,
      tx.Query(absl::StrCat("SELECT ", kOfferColumns, " FROM offers WHERE id = ?"), {id}));
  if (rs.empty()) return absl::NotFoundError(absl::StrCat("no offer ", id));
  ASSIGN_OR_RETURN(Versioned<v1::Offer> offer, OfferFromRow(rs.rows[0]));
  ASSIGN_OR_RETURN(
      storage::ResultSet sessions,
      tx.Query(absl::StrCat("SELECT ", kSessionColumns,
                            " FROM sessions WHERE offer_id = ? ORDER BY start_date, id"),
               {id}));
  for (const storage::Row& row : sessions.rows) *offer.value.add_sessions() = SessionFromRow(row);
  return offer;
}

absl::StatusOr<std::vector<v1::Offer>> SqlCatalogueStore::LoadOffers(
    storage::Transaction& tx, const std::string& where, const storage::Params& params) {
  ASSIGN_OR_RETURN(
      storage::ResultSet rs,
      tx.Query(absl::StrCat("SELECT ", kOfferColumns, " FROM offers ", where), params));
  std::vector<v1::Offer> offers;
  std::map<std::string, size_t> position;
  for (const storage::Row& row : rs.rows) {
    ASSIGN_OR_RETURN(Versioned<v1::Offer> o, OfferFromRow(row));
    position[o.value.id()] = offers.size();
    offers.push_back(std::move(o.value));
  }
  // Sessions of all of them, a chunk of ids per query.
  for (size_t begin = 0; begin < offers.size(); begin += kInListChunk) {
    const size_t end = std::min(offers.size(), begin + kInListChunk);
    storage::Params ids;
    for (size_t i = begin; i < end; ++i) ids.emplace_back(offers[i].id());
    ASSIGN_OR_RETURN(
        storage::ResultSet sessions,
        tx.Query(absl::StrCat("SELECT ", kSessionColumns, " FROM sessions WHERE offer_id IN (",
                              storage::Placeholders(ids.size()), ") ORDER BY offer_id, start_date, id"),
                 ids));
    for (const storage::Row& row : sessions.rows) {
      *offers[position[row.Text(1)]].add_sessions() = SessionFromRow(row);
    }
  }
  return offers;
}

absl::Status SqlCatalogueStore::InsertSession(storage::Transaction& tx, const std::string& offer_id,
                                              const v1::Session& s) {
  return tx
      .Exec(
          "INSERT INTO sessions (id, offer_id, start_date, end_date, places, places_taken, "
          "label) VALUES (?, ?, ?, ?, ?, 0, ?)",
          {NewId("ses", clock_.Now()), offer_id, DateText(s.start_date()), DateText(s.end_date()),
           s.places(), s.label()})
      .status();
}

absl::StatusOr<v1::Offer> SqlCatalogueStore::CreateOffer(const std::string& request_id,
                                                         const v1::Offer& offer) {
  v1::Offer created;
  RETURN_IF_ERROR(InWriteTransaction(db_, [&](storage::Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(storage::ResultSet existing,
                     tx.Query("SELECT id FROM offers WHERE request_id = ?", {request_id}));
    if (!existing.empty()) {  // a retry: answer with the first result
      ASSIGN_OR_RETURN(Versioned<v1::Offer> first, LoadOffer(tx, existing.rows[0].Text(0)));
      created = first.value;
      return absl::OkStatus();
    }
    ASSIGN_OR_RETURN(
        storage::ResultSet structure,
        tx.Query("SELECT status FROM structures WHERE id = ?", {offer.structure_id()}));
    if (structure.empty()) {
      return errors::InvalidField("offer.structure_id", "no structure with this id");
    }
    if (StructureStatusFromName(structure.rows[0].Text(0)) != v1::STRUCTURE_STATUS_ACTIVE) {
      return absl::FailedPreconditionError(
          absl::StrCat("structure ", offer.structure_id(), " is closed: no new offer"));
    }
    const std::string id = NewId("off", clock_.Now());
    const int64_t now = Micros(clock_.Now());
    ASSIGN_OR_RETURN(
        storage::ResultSet inserted,
        tx.Query("INSERT INTO offers (id, request_id, external_id, structure_id, status, "
                 "pdi_fiche, capacity, places_taken, version, body, created_at_us, updated_at_us) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, 0, 1, ?, ?, ?) "
                 "ON CONFLICT (request_id) DO NOTHING RETURNING id",
                 {id, request_id, NullIfEmpty(offer.external_id()), offer.structure_id(),
                  OfferStatusName(v1::OFFER_STATUS_DRAFT), offer.pdi_fiche(), offer.capacity(),
                  OfferBody(offer), now, now}));
    if (inserted.empty()) return absl::AbortedError("concurrent create with this request_id");
    for (const v1::Session& s : offer.sessions()) RETURN_IF_ERROR(InsertSession(tx, id, s));
    ASSIGN_OR_RETURN(Versioned<v1::Offer> o, LoadOffer(tx, id));
    created = o.value;
    StageOfferEvent(tx, created, o.version, "created");
    return absl::OkStatus();
  }));
  return created;
}

absl::StatusOr<v1::Offer> SqlCatalogueStore::GetOffer(const std::string& id) {
  ASSIGN_OR_RETURN(Versioned<v1::Offer> o, GetOfferVersioned(id));
  return std::move(o.value);
}

absl::StatusOr<Versioned<v1::Offer>> SqlCatalogueStore::GetOfferVersioned(const std::string& id) {
  ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> tx, db_.Begin(storage::TxMode::kRead));
  return LoadOffer(*tx, id);
}

absl::StatusOr<std::vector<v1::Offer>> SqlCatalogueStore::GetOffers(
    const std::vector<std::string>& ids) {
  std::vector<v1::Offer> out;
  ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> tx, db_.Begin(storage::TxMode::kRead));
  for (size_t begin = 0; begin < ids.size(); begin += kInListChunk) {
    const size_t end = std::min(ids.size(), begin + kInListChunk);
    storage::Params params(ids.begin() + begin, ids.begin() + end);
    ASSIGN_OR_RETURN(
        std::vector<v1::Offer> chunk,
        LoadOffers(*tx, absl::StrCat("WHERE id IN (", storage::Placeholders(params.size()), ")"), params));
    for (v1::Offer& o : chunk) out.push_back(std::move(o));
  }
  return out;
}

absl::StatusOr<Page<v1::Offer>> SqlCatalogueStore::ListOffers(const OfferFilter& filter,
                                                              const PageRequest& page) {
  std::string where = "WHERE id > ?";
  storage::Params params = {page.after_id};
  if (!filter.structure_id.empty()) {
    where += " AND structure_id = ?";
    params.emplace_back(filter.structure_id);
  }
  if (filter.status != v1::OFFER_STATUS_UNSPECIFIED) {
    where += " AND status = ?";
    params.emplace_back(OfferStatusName(filter.status));
  }
  where += " ORDER BY id LIMIT ?";
  params.emplace_back(page.limit + 1);
  ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> tx, db_.Begin(storage::TxMode::kRead));
  Page<v1::Offer> out;
  ASSIGN_OR_RETURN(out.items, LoadOffers(*tx, where, params));
  TrimPage(out.items, page.limit, out.more);
  return out;
}

absl::Status SqlCatalogueStore::ReplaceSessions(storage::Transaction& tx,
                                                const std::string& offer_id,
                                                const v1::Offer& wanted) {
  ASSIGN_OR_RETURN(storage::ResultSet rs,
                   tx.Query("SELECT id FROM sessions WHERE offer_id = ?", {offer_id}));
  std::map<std::string, bool> kept;
  for (const storage::Row& row : rs.rows) kept[row.Text(0)] = false;
  for (int i = 0; i < wanted.sessions_size(); ++i) {
    const v1::Session& s = wanted.sessions(i);
    if (s.id().empty()) {
      RETURN_IF_ERROR(InsertSession(tx, offer_id, s));
      continue;
    }
    auto it = kept.find(s.id());
    if (it == kept.end()) {
      return errors::InvalidField(absl::StrCat("offer.sessions[", i, "].id"),
                                  "no such session on this offer");
    }
    it->second = true;
    ASSIGN_OR_RETURN(
        int64_t n, tx.Exec("UPDATE sessions SET start_date = ?, end_date = ?, places = ?, "
                           "label = ? WHERE id = ? AND places_taken <= ?",
                           {DateText(s.start_date()), DateText(s.end_date()), s.places(), s.label(),
                            s.id(), s.places()}));
    if (n == 0) {
      return absl::FailedPreconditionError(absl::StrCat(
          "session ", s.id(), " has more places taken than the ", s.places(), " asked"));
    }
  }
  for (const auto& [id, is_kept] : kept) {
    if (is_kept) continue;
    ASSIGN_OR_RETURN(int64_t n,
                     tx.Exec("DELETE FROM sessions WHERE id = ? AND places_taken = 0 AND NOT "
                             "EXISTS (SELECT 1 FROM prescriptions WHERE session_id = ?)",
                             {id, id}));
    if (n == 0) {
      return absl::FailedPreconditionError(
          absl::StrCat("session ", id, " has prescriptions: it cannot be removed"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::Offer> SqlCatalogueStore::UpdateOffer(const v1::Offer& offer,
                                                         const google::protobuf::FieldMask& mask,
                                                         int64_t expected_version) {
  v1::Offer updated;
  RETURN_IF_ERROR(InWriteTransaction(db_, [&](storage::Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(Versioned<v1::Offer> current, LoadOffer(tx, offer.id()));
    if (current.version != expected_version) {
      return VersionConflict(tx, "offers", "offer", offer.id());
    }
    if (current.value.status() == v1::OFFER_STATUS_ARCHIVED) {
      return absl::FailedPreconditionError("an ARCHIVED offer cannot be changed");
    }
    v1::Offer next = current.value;
    google::protobuf::FieldMask body_mask;
    for (const std::string& p : mask.paths()) {
      if (p != "sessions") body_mask.add_paths(p);
    }
    FieldMaskUtil::MergeOptions options;
    options.set_replace_message_fields(true);
    options.set_replace_repeated_fields(true);
    FieldMaskUtil::MergeMessageTo(offer, body_mask, options, &next);
    next.clear_source_date();  // changed here: the export dates it from this update
    if (next.capacity() != 0 && next.capacity() < current.value.places_taken()) {
      return absl::FailedPreconditionError(
          absl::StrCat("capacity ", next.capacity(), " is below the ", current.value.places_taken(),
                       " places already taken"));
    }
    if (MaskHas(mask, "sessions")) RETURN_IF_ERROR(ReplaceSessions(tx, offer.id(), offer));
    ASSIGN_OR_RETURN(
        int64_t n, tx.Exec("UPDATE offers SET pdi_fiche = ?, capacity = ?, body = ?, "
                           "version = version + 1, updated_at_us = ? WHERE id = ? AND version = ?",
                           {next.pdi_fiche(), next.capacity(), OfferBody(next),
                            Micros(clock_.Now()), offer.id(), expected_version}));
    if (n == 0) return VersionConflict(tx, "offers", "offer", offer.id());
    ASSIGN_OR_RETURN(Versioned<v1::Offer> o, LoadOffer(tx, offer.id()));
    updated = o.value;
    StageOfferEvent(tx, updated, o.version, "updated");
    return absl::OkStatus();
  }));
  return updated;
}

absl::StatusOr<v1::Offer> SqlCatalogueStore::ChangeOfferStatus(const std::string& id,
                                                               int64_t expected_version,
                                                               OfferAction action) {
  v1::Offer changed;
  RETURN_IF_ERROR(InWriteTransaction(db_, [&](storage::Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(Versioned<v1::Offer> current, LoadOffer(tx, id));
    if (current.version != expected_version) return VersionConflict(tx, "offers", "offer", id);
    ASSIGN_OR_RETURN(v1::OfferStatus to, NextOfferStatus(current.value.status(), action));
    ASSIGN_OR_RETURN(int64_t n,
                     tx.Exec("UPDATE offers SET status = ?, version = version + 1, "
                             "updated_at_us = ? WHERE id = ? AND version = ?",
                             {OfferStatusName(to), Micros(clock_.Now()), id, expected_version}));
    if (n == 0) return VersionConflict(tx, "offers", "offer", id);
    ASSIGN_OR_RETURN(Versioned<v1::Offer> o, LoadOffer(tx, id));
    changed = o.value;
    StageOfferEvent(tx, changed, o.version, OfferActionVerb(action));
    return absl::OkStatus();
  }));
  return changed;
}

}  // namespace parcours::catalogue
