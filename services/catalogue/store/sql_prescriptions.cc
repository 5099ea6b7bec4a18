// SqlCatalogueStore: prescriptions, their state machine and the places they take.
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "libs/common/ids.h"
#include "libs/errors/field_violations.h"
#include "services/catalogue/store/catalogue_events.h"
#include "services/catalogue/store/rows.h"
#include "services/catalogue/store/sql_catalogue_store.h"
#include "services/catalogue/store/sql_common.h"

namespace parcours::catalogue {
namespace {

std::optional<std::string> NullIfEmpty(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

// RETURNING the stored row: the answer needs no second read.
const std::string* const kInsertPrescription = new std::string(absl::StrCat(
    "INSERT INTO prescriptions (id, request_id, beneficiary_id, referent_id, offer_id, "
    "session_id, contract_id, structure_id, pdi_fiche, tad, mds, commune_insee, status, "
    "outcome, positive_exit, refusal_reason, comment, created_day, version, created_at_us, "
    "updated_at_us, status_at_us) VALUES "
    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, 1, ?, ?, ?) "
    "ON CONFLICT (request_id) DO NOTHING RETURNING ",
    kPrescriptionColumns));

int64_t VersionOf(const v1::Prescription& p) {
  int64_t v = 0;
  return absl::SimpleAtoi(p.etag(), &v) ? v : 0;
}

}  // namespace

void SqlCatalogueStore::StagePrescriptionEvent(storage::Transaction& tx, const v1::Prescription& p,
                                               v1::PrescriptionStatus from,
                                               const std::string& what) {
  events_.Stage(tx, PrescriptionChangeEvent(p, from, what));
  const int64_t version = VersionOf(p);
  NotifyAfterCommit(tx, ChangeObserver::Kind::kPrescription, p.id(), version);
}

absl::StatusOr<Versioned<v1::Prescription>> SqlCatalogueStore::LoadPrescription(
    storage::Transaction& tx, const std::string& id) {
  ASSIGN_OR_RETURN(storage::ResultSet rs, tx.Query(absl::StrCat("SELECT ", kPrescriptionColumns,
                                                                " FROM prescriptions WHERE id = ?"),
                                                   {id}));
  if (rs.empty()) return absl::NotFoundError(absl::StrCat("no prescription ", id));
  return PrescriptionFromRow(rs.rows[0]);
}

absl::StatusOr<v1::Prescription> SqlCatalogueStore::CreatePrescription(
    const std::string& request_id, const v1::Prescription& p, const std::string& referent_id) {
  v1::Prescription created;
  RETURN_IF_ERROR(InWriteTransaction(db_, [&](storage::Transaction& tx) -> absl::Status {
    // A retry (same request_id) is answered with the first result, whatever the offer has
    // become since. Looked up only when the insert conflicts or the checks refuse, so that
    // a first create costs no extra query.
    const auto replay = [&]() -> absl::StatusOr<bool> {
      ASSIGN_OR_RETURN(storage::ResultSet existing,
                       tx.Query("SELECT id FROM prescriptions WHERE request_id = ?", {request_id}));
      if (existing.empty()) return false;
      ASSIGN_OR_RETURN(Versioned<v1::Prescription> first,
                       LoadPrescription(tx, existing.rows[0].Text(0)));
      created = std::move(first.value);
      return true;
    };
    const auto refuse = [&](absl::Status why) -> absl::Status {
      ASSIGN_OR_RETURN(bool replayed, replay());
      return replayed ? absl::OkStatus() : why;
    };
    ASSIGN_OR_RETURN(storage::ResultSet offer,
                     tx.Query("SELECT status, structure_id, pdi_fiche, "
                              "(SELECT COUNT(*) FROM sessions WHERE offer_id = offers.id) "
                              "FROM offers WHERE id = ?",
                              {p.offer_id()}));
    if (offer.empty()) {
      return refuse(errors::InvalidField("prescription.offer_id", "no offer with this id"));
    }
    const storage::Row& o = offer.rows[0];
    if (OfferStatusFromName(o.Text(0)) != v1::OFFER_STATUS_PUBLISHED) {
      return refuse(absl::FailedPreconditionError(
          absl::StrCat("offer ", p.offer_id(), " is ", o.Text(0), ", not PUBLISHED")));
    }
    if (p.session_id().empty() && o.Int(3) > 0) {
      return refuse(errors::InvalidField("prescription.session_id",
                                         "required: the offer has sessions, choose one"));
    }
    if (!p.session_id().empty()) {
      ASSIGN_OR_RETURN(storage::ResultSet session,
                       tx.Query("SELECT 1 FROM sessions WHERE id = ? AND offer_id = ?",
                                {p.session_id(), p.offer_id()}));
      if (session.empty()) {
        return refuse(
            errors::InvalidField("prescription.session_id", "no such session on this offer"));
      }
    }
    const absl::Time now = clock_.Now();
    const std::string id = NewId("prs", now);
    const std::string day = absl::FormatTime("%Y-%m-%d", now, LegalTimeZone());
    ASSIGN_OR_RETURN(
        storage::ResultSet inserted,
        tx.Query(*kInsertPrescription,
                 {id,
                  request_id,
                  p.beneficiary_id(),
                  referent_id,
                  p.offer_id(),
                  NullIfEmpty(p.session_id()),
                  p.contract_id(),
                  o.Text(1),
                  o.Text(2),
                  p.territory().tad(),
                  p.territory().mds(),
                  p.territory().commune_insee(),
                  PrescriptionStatusName(v1::PRESCRIPTION_STATUS_PRESCRIBED),
                  v1::ExitOutcome_Name(v1::EXIT_OUTCOME_UNSPECIFIED),
                  v1::RefusalReason_Name(v1::REFUSAL_REASON_UNSPECIFIED),
                  p.comment(),
                  day,
                  Micros(now),
                  Micros(now),
                  Micros(now)}));
    if (inserted.empty()) {  // the request_id is taken: a retry, or a concurrent twin
      ASSIGN_OR_RETURN(bool replayed, replay());
      if (!replayed) return absl::AbortedError("concurrent create with this request_id");
      return absl::OkStatus();
    }
    // RETURNING gives the row as stored, read the same way as any other read of it.
    created = std::move(PrescriptionFromRow(inserted.rows[0]).value);
    StagePrescriptionEvent(tx, created, v1::PRESCRIPTION_STATUS_UNSPECIFIED, "created");
    return absl::OkStatus();
  }));
  return created;
}

absl::StatusOr<v1::Prescription> SqlCatalogueStore::GetPrescription(const std::string& id) {
  ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> tx, db_.Begin(storage::TxMode::kRead));
  ASSIGN_OR_RETURN(Versioned<v1::Prescription> p, LoadPrescription(*tx, id));
  return std::move(p.value);
}

absl::StatusOr<Page<v1::Prescription>> SqlCatalogueStore::ListPrescriptions(
    const PrescriptionFilter& f, const PageRequest& page) {
  std::string sql =
      absl::StrCat("SELECT ", kPrescriptionColumns, " FROM prescriptions WHERE id > ?");
  storage::Params params = {page.after_id};
  const auto eq = [&](const char* column, const std::string& value) {
    if (value.empty()) return;
    absl::StrAppend(&sql, " AND ", column, " = ?");
    params.emplace_back(value);
  };
  eq("beneficiary_id", f.beneficiary_id);
  eq("offer_id", f.offer_id);
  eq("referent_id", f.referent_id);
  eq("structure_id", f.structure_id);
  eq("tad", f.tad);
  eq("mds", f.mds);
  if (f.status != v1::PRESCRIPTION_STATUS_UNSPECIFIED)
    eq("status", PrescriptionStatusName(f.status));
  if (!f.created_from.empty()) {
    sql += " AND created_day >= ?";
    params.emplace_back(f.created_from);
  }
  if (!f.created_to.empty()) {
    sql += " AND created_day < ?";
    params.emplace_back(f.created_to);
  }
  if (f.scope_territories.has_value()) {
    if (f.scope_territories->empty()) return Page<v1::Prescription>{};  // sees nothing
    const std::string marks = Placeholders(f.scope_territories->size());
    absl::StrAppend(&sql, " AND (tad IN (", marks, ") OR mds IN (", marks, "))");
    for (int twice = 0; twice < 2; ++twice) {
      for (const std::string& t : *f.scope_territories) params.emplace_back(t);
    }
  }
  if (f.scope_structure_id.has_value()) {
    sql += " AND structure_id = ?";
    params.emplace_back(*f.scope_structure_id);
  }
  sql += " ORDER BY id LIMIT ?";
  params.emplace_back(page.limit + 1);
  ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> tx, db_.Begin(storage::TxMode::kRead));
  ASSIGN_OR_RETURN(storage::ResultSet rs, tx->Query(sql, params));
  Page<v1::Prescription> out;
  for (const storage::Row& row : rs.rows) out.items.push_back(PrescriptionFromRow(row).value);
  TrimPage(out.items, page.limit, out.more);
  return out;
}

absl::StatusOr<v1::Prescription> SqlCatalogueStore::ChangePrescription(
    const PrescriptionChange& change) {
  v1::Prescription changed;
  RETURN_IF_ERROR(InWriteTransaction(db_, [&](storage::Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(Versioned<v1::Prescription> current, LoadPrescription(tx, change.id));
    if (current.version != change.expected_version) {
      return VersionConflict(tx, "prescriptions", "prescription", change.id);
    }
    const v1::PrescriptionStatus from = current.value.status();
    ASSIGN_OR_RETURN(v1::PrescriptionStatus to, NextPrescriptionStatus(from, change.action));
    const v1::Prescription& p = current.value;

    // Places: taken on acceptance, given back when an accepted prescription is cancelled.
    // The conditional UPDATE is the capacity check: under concurrency each transaction
    // waits for the row, then re-reads places_taken (READ COMMITTED re-checks the WHERE
    // clause on PostgreSQL; SQLite serialises writers), so places are never exceeded.
    const int delta = (!HoldsPlace(from) && HoldsPlace(to))   ? 1
                      : (HoldsPlace(from) && !HoldsPlace(to)) ? -1
                                                              : 0;
    if (delta != 0) {
      int64_t n = 0;
      if (!p.session_id().empty()) {
        ASSIGN_OR_RETURN(n, tx.Exec(delta > 0 ? "UPDATE sessions SET places_taken = places_taken "
                                                "+ 1 WHERE id = ? AND places_taken < places"
                                              : "UPDATE sessions SET places_taken = places_taken "
                                                "- 1 WHERE id = ? AND places_taken > 0",
                                    {p.session_id()}));
        if (n == 1) {
          ASSIGN_OR_RETURN(n, tx.Exec("UPDATE offers SET version = version + 1, updated_at_us = ? "
                                      "WHERE id = ?",
                                      {Micros(clock_.Now()), p.offer_id()}));
        }
      } else {
        ASSIGN_OR_RETURN(
            n,
            tx.Exec(delta > 0 ? "UPDATE offers SET places_taken = places_taken + 1, version = "
                                "version + 1, updated_at_us = ? WHERE id = ? AND (capacity = 0 "
                                "OR places_taken < capacity)"
                              : "UPDATE offers SET places_taken = places_taken - 1, version = "
                                "version + 1, updated_at_us = ? WHERE id = ? AND places_taken > 0",
                    {Micros(clock_.Now()), p.offer_id()}));
      }
      if (n == 0 && delta > 0) {
        return absl::ResourceExhaustedError(absl::StrCat(
            "no place left on ",
            p.session_id().empty() ? "offer " + p.offer_id() : "session " + p.session_id()));
      }
    }

    const v1::ExitOutcome outcome =
        (to == v1::PRESCRIPTION_STATUS_COMPLETED || to == v1::PRESCRIPTION_STATUS_ABANDONED)
            ? change.outcome
            : p.outcome();
    const v1::RefusalReason reason =
        to == v1::PRESCRIPTION_STATUS_REFUSED ? change.reason : p.refusal_reason();
    const int64_t now = Micros(clock_.Now());
    ASSIGN_OR_RETURN(
        int64_t n,
        tx.Exec(
            "UPDATE prescriptions SET status = ?, outcome = ?, positive_exit = ?, "
            "refusal_reason = ?, comment = ?, version = version + 1, updated_at_us = ?, "
            "status_at_us = ? WHERE id = ? AND version = ?",
            {PrescriptionStatusName(to), v1::ExitOutcome_Name(outcome), IsPositiveExit(outcome),
             v1::RefusalReason_Name(reason), change.comment.empty() ? p.comment() : change.comment,
             now, now, change.id, change.expected_version}));
    if (n == 0) return VersionConflict(tx, "prescriptions", "prescription", change.id);
    ASSIGN_OR_RETURN(Versioned<v1::Prescription> loaded, LoadPrescription(tx, change.id));
    changed = loaded.value;
    StagePrescriptionEvent(tx, changed, from, PrescriptionActionVerb(change.action));
    if (delta != 0) {
      // The offer's free places changed: search replicas refresh it, caches drop it.
      ASSIGN_OR_RETURN(Versioned<v1::Offer> offer, LoadOffer(tx, p.offer_id()));
      StageOfferEvent(tx, offer.value, offer.version, "places_changed");
    }
    return absl::OkStatus();
  }));
  return changed;
}

}  // namespace parcours::catalogue
