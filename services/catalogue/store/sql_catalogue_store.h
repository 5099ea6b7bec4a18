// CatalogueStore over libs/storage: portable SQL run unchanged on SQLite and PostgreSQL.
// Invariants that concurrency could break are the database's job: request ids, SIRETs and
// external ids are UNIQUE columns; places are taken by a conditional UPDATE
// (`places_taken < places`) inside the accept transaction; versions are checked by
// `UPDATE … WHERE id = ? AND version = ?`.
//
//   SqlCatalogueStore store(db, outbox_sink, observer, Clock::Real(), DefaultReferenceData());
//   ASSIGN_OR_RETURN(v1::Structure s, store.CreateStructure("req-1", structure));
#ifndef PARCOURS_SERVICES_CATALOGUE_STORE_SQL_CATALOGUE_STORE_H_
#define PARCOURS_SERVICES_CATALOGUE_STORE_SQL_CATALOGUE_STORE_H_

#include <string>
#include <vector>

#include "libs/common/clock.h"
#include "libs/storage/database.h"
#include "services/catalogue/domain/reference_data.h"
#include "services/catalogue/store/catalogue_store.h"
#include "services/catalogue/store/event_sink.h"

namespace parcours::catalogue {

// The observer when nothing needs to know (no cache).
class NoChangeObserver final : public ChangeObserver {
 public:
  void Committed(Kind, const std::string&, int64_t) override {}
};

class SqlCatalogueStore final : public CatalogueStore {
 public:
  // Everything passed must outlive the store. `db` has Migrations() applied.
  SqlCatalogueStore(storage::Database& db, EventSink& events, ChangeObserver& observer,
                    const Clock& clock, const ReferenceData& ref);

  absl::StatusOr<v1::Structure> CreateStructure(const std::string& request_id,
                                                const v1::Structure& structure) override;
  absl::StatusOr<v1::Structure> GetStructure(const std::string& id) override;
  absl::StatusOr<Versioned<v1::Structure>> GetStructureVersioned(const std::string& id) override;
  absl::StatusOr<Page<v1::Structure>> ListStructures(const StructureFilter& filter,
                                                     const PageRequest& page) override;
  absl::StatusOr<v1::Structure> UpdateStructure(const v1::Structure& structure,
                                                const google::protobuf::FieldMask& mask,
                                                int64_t expected_version) override;
  absl::StatusOr<v1::Structure> CloseStructure(const std::string& id,
                                               int64_t expected_version) override;

  absl::StatusOr<v1::Offer> CreateOffer(const std::string& request_id,
                                        const v1::Offer& offer) override;
  absl::StatusOr<v1::Offer> GetOffer(const std::string& id) override;
  absl::StatusOr<Versioned<v1::Offer>> GetOfferVersioned(const std::string& id) override;
  absl::StatusOr<std::vector<v1::Offer>> GetOffers(const std::vector<std::string>& ids) override;
  absl::StatusOr<Page<v1::Offer>> ListOffers(const OfferFilter& filter,
                                             const PageRequest& page) override;
  absl::StatusOr<v1::Offer> UpdateOffer(const v1::Offer& offer,
                                        const google::protobuf::FieldMask& mask,
                                        int64_t expected_version) override;
  absl::StatusOr<v1::Offer> ChangeOfferStatus(const std::string& id, int64_t expected_version,
                                              OfferAction action) override;

  absl::StatusOr<v1::Prescription> CreatePrescription(const std::string& request_id,
                                                      const v1::Prescription& p,
                                                      const std::string& referent_id) override;
  absl::StatusOr<v1::Prescription> GetPrescription(const std::string& id) override;
  absl::StatusOr<Page<v1::Prescription>> ListPrescriptions(const PrescriptionFilter& filter,
                                                           const PageRequest& page) override;
  absl::StatusOr<v1::Prescription> ChangePrescription(const PrescriptionChange& change) override;

  absl::StatusOr<std::vector<v1::MobilisationRow>> Mobilisation(
      const MobilisationQuery& query) override;

  absl::StatusOr<v1::ImportDataInclusionResponse> Import(const DataInclusionDocument& doc,
                                                         bool publish) override;
  absl::StatusOr<std::pair<std::vector<v1::Structure>, std::vector<v1::Offer>>> PublishedOffer()
      override;

  absl::StatusOr<std::map<std::string, int64_t>> CountOffersByStatus() override;
  absl::StatusOr<std::map<std::string, int64_t>> CountPrescriptionsByStatus() override;

 private:
  // Reads inside an open transaction.
  absl::StatusOr<Versioned<v1::Structure>> LoadStructure(storage::Transaction& tx,
                                                         const std::string& id);
  absl::StatusOr<Versioned<v1::Offer>> LoadOffer(storage::Transaction& tx, const std::string& id);
  absl::StatusOr<std::vector<v1::Offer>> LoadOffers(storage::Transaction& tx,
                                                    const std::string& where,
                                                    const storage::Params& params);
  absl::StatusOr<Versioned<v1::Prescription>> LoadPrescription(storage::Transaction& tx,
                                                               const std::string& id);
  // The version a conditional update expected was not there: NOT_FOUND or ABORTED.
  absl::Status VersionConflict(storage::Transaction& tx, const char* table, const char* what,
                               const std::string& id);
  // Replaces an offer's sessions as UpdateOffer describes.
  absl::Status ReplaceSessions(storage::Transaction& tx, const std::string& offer_id,
                               const v1::Offer& wanted);
  absl::Status InsertSession(storage::Transaction& tx, const std::string& offer_id,
                             const v1::Session& s);
  void StageOfferEvent(storage::Transaction& tx, const v1::Offer& offer, int64_t version,
                       const std::string& what);
  void StagePrescriptionEvent(storage::Transaction& tx, const v1::Prescription& p,
                              v1::PrescriptionStatus from, const std::string& what);
  void NotifyAfterCommit(storage::Transaction& tx, ChangeObserver::Kind kind, const std::string& id,
                         int64_t version);
  absl::Status ImportStructure(const ImportedStructure& record, v1::ImportRecordReport& report);
  absl::Status ImportService(const ImportedService& record, bool publish,
                             v1::ImportRecordReport& report);

  storage::Database& db_;
  EventSink& events_;
  ChangeObserver& observer_;
  const Clock& clock_;
  const ReferenceData& ref_;
};

}  // namespace parcours::catalogue

#endif  // PARCOURS_SERVICES_CATALOGUE_STORE_SQL_CATALOGUE_STORE_H_
