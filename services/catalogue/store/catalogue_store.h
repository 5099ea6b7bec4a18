// What the catalogue keeps: structures, offers with their sessions, prescriptions, and the
// queries over them. One interface, implemented over libs/storage by SqlCatalogueStore
// (sql_catalogue_store.h) and decorated with a cache by CachedCatalogueStore.
//
//   ASSIGN_OR_RETURN(v1::Offer offer, store.CreateOffer("req-1", draft));
//   ASSIGN_OR_RETURN(v1::Offer published, store.ChangeOfferStatus(offer.id(), 1,
//                                                                 OfferAction::kPublish));
//
// Contracts common to every method:
//  - Creates are idempotent on `request_id`: a second call returns the first result.
//  - Writes take the version the caller read (its etag); a different current version is
//    ABORTED, a missing row NOT_FOUND, a forbidden transition FAILED_PRECONDITION.
//  - Every committed change stages its event(s) in the same transaction and, after the
//    commit, tells the ChangeObserver which entity reached which version.
//  - Inputs are validated by the caller (domain/validation.h); the store checks what only
//    the database knows (references, uniqueness, capacity).
#ifndef PARCOURS_SERVICES_CATALOGUE_STORE_CATALOGUE_STORE_H_
#define PARCOURS_SERVICES_CATALOGUE_STORE_CATALOGUE_STORE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "google/protobuf/field_mask.pb.h"
#include "parcours/catalogue/v1/catalogue.pb.h"
#include "services/catalogue/domain/data_inclusion.h"
#include "services/catalogue/domain/lifecycle.h"

namespace parcours::catalogue {

// An entity with the row version it was read at (its etag's number).
template <typename T>
struct Versioned {
  T value;
  int64_t version = 0;
};

struct StructureFilter {
  v1::StructureKind kind = v1::STRUCTURE_KIND_UNSPECIFIED;
  v1::StructureStatus status = v1::STRUCTURE_STATUS_UNSPECIFIED;
};

struct OfferFilter {
  std::string structure_id;
  v1::OfferStatus status = v1::OFFER_STATUS_UNSPECIFIED;
};

struct PrescriptionFilter {
  std::string beneficiary_id, offer_id, referent_id, structure_id, tad, mds;
  v1::PrescriptionStatus status = v1::PRESCRIPTION_STATUS_UNSPECIFIED;
  std::string created_from, created_to;  // "YYYY-MM-DD", [from, to); empty = open
  // The caller's scope (libs/auth): when set, only these rows are visible.
  std::optional<std::vector<std::string>> scope_territories;  // tad or mds among these
  std::optional<std::string> scope_structure_id;
};

// A page of a list in id order: items with id > after_id, at most `limit`.
struct PageRequest {
  std::string after_id;
  int limit = 50;
};

template <typename T>
struct Page {
  std::vector<T> items;
  bool more = false;  // items exist after the last one
};

// A prescription status change with what it needs.
struct PrescriptionChange {
  std::string id;
  int64_t expected_version = 0;
  PrescriptionAction action = PrescriptionAction::kAccept;
  v1::ExitOutcome outcome = v1::EXIT_OUTCOME_UNSPECIFIED;     // complete, abandon
  v1::RefusalReason reason = v1::REFUSAL_REASON_UNSPECIFIED;  // refuse
  std::string comment;                                        // replaces when non-empty
};

struct MobilisationQuery {
  std::string from, to;  // "YYYY-MM-DD", [from, to)
  std::string offer_id, structure_id, tad, mds, pdi_fiche;
  v1::MobilisationGrouping group_by = v1::MOBILISATION_GROUPING_UNSPECIFIED;
};

class CatalogueStore {
 public:
  virtual ~CatalogueStore() = default;

  // Structures. Created ACTIVE. ALREADY_EXISTS when the SIRET or external id is taken.
  virtual absl::StatusOr<v1::Structure> CreateStructure(const std::string& request_id,
                                                        const v1::Structure& structure) = 0;
  virtual absl::StatusOr<v1::Structure> GetStructure(const std::string& id) = 0;
  virtual absl::StatusOr<Versioned<v1::Structure>> GetStructureVersioned(const std::string& id) = 0;
  virtual absl::StatusOr<Page<v1::Structure>> ListStructures(const StructureFilter& filter,
                                                             const PageRequest& page) = 0;
  // Copies the `mask` fields of `structure` onto the stored one (id from `structure`).
  virtual absl::StatusOr<v1::Structure> UpdateStructure(const v1::Structure& structure,
                                                        const google::protobuf::FieldMask& mask,
                                                        int64_t expected_version) = 0;
  virtual absl::StatusOr<v1::Structure> CloseStructure(const std::string& id,
                                                       int64_t expected_version) = 0;

  // Offers. Created DRAFT, on an ACTIVE structure (INVALID_ARGUMENT naming
  // offer.structure_id when there is no such structure, FAILED_PRECONDITION when closed).
  virtual absl::StatusOr<v1::Offer> CreateOffer(const std::string& request_id,
                                                const v1::Offer& offer) = 0;
  virtual absl::StatusOr<v1::Offer> GetOffer(const std::string& id) = 0;
  // The offer's wire bytes when this process holds them in memory (the replica-local
  // cache level), else nullopt and the caller reads through GetOffer, which may block on
  // Redis or the database. Never blocks on either.
  virtual std::optional<std::string> GetOfferFromMemory(const std::string& /*id*/) {
    return std::nullopt;
  }
  virtual absl::StatusOr<Versioned<v1::Offer>> GetOfferVersioned(const std::string& id) = 0;
  // The offers found among `ids`, in any order (missing ids are left out).
  virtual absl::StatusOr<std::vector<v1::Offer>> GetOffers(const std::vector<std::string>& ids) = 0;
  virtual absl::StatusOr<Page<v1::Offer>> ListOffers(const OfferFilter& filter,
                                                     const PageRequest& page) = 0;
  // Sessions in the mask: listed with an id are updated, without one created, omitted ones
  // deleted; FAILED_PRECONDITION when that would drop places already taken.
  virtual absl::StatusOr<v1::Offer> UpdateOffer(const v1::Offer& offer,
                                                const google::protobuf::FieldMask& mask,
                                                int64_t expected_version) = 0;
  virtual absl::StatusOr<v1::Offer> ChangeOfferStatus(const std::string& id,
                                                      int64_t expected_version,
                                                      OfferAction action) = 0;

  // Prescriptions. The offer must be PUBLISHED (FAILED_PRECONDITION); a session must belong
  // to it, and an offer with sessions needs one (INVALID_ARGUMENT).
  virtual absl::StatusOr<v1::Prescription> CreatePrescription(const std::string& request_id,
                                                              const v1::Prescription& p,
                                                              const std::string& referent_id) = 0;
  virtual absl::StatusOr<v1::Prescription> GetPrescription(const std::string& id) = 0;
  virtual absl::StatusOr<Page<v1::Prescription>> ListPrescriptions(const PrescriptionFilter& filter,
                                                                   const PageRequest& page) = 0;
  // Accepting takes a place with a conditional update (RESOURCE_EXHAUSTED when none is
  // left); cancelling an accepted prescription gives it back.
  virtual absl::StatusOr<v1::Prescription> ChangePrescription(const PrescriptionChange& change) = 0;

  virtual absl::StatusOr<std::vector<v1::MobilisationRow>> Mobilisation(
      const MobilisationQuery& query) = 0;

  // Upserts the valid records of `doc` (structures first) by their data·inclusion id, one
  // transaction per record; a record that fails is reported, the others still apply.
  virtual absl::StatusOr<v1::ImportDataInclusionResponse> Import(const DataInclusionDocument& doc,
                                                                 bool publish) = 0;
  // Every PUBLISHED offer and its structure.
  virtual absl::StatusOr<std::pair<std::vector<v1::Structure>, std::vector<v1::Offer>>>
  PublishedOffer() = 0;

  // Counts for the business gauges: offers by status, prescriptions by status.
  virtual absl::StatusOr<std::map<std::string, int64_t>> CountOffersByStatus() = 0;
  virtual absl::StatusOr<std::map<std::string, int64_t>> CountPrescriptionsByStatus() = 0;
};

// Told after each commit which entities reached which version (cache invalidation, metrics).
class ChangeObserver {
 public:
  enum class Kind { kStructure, kOffer, kPrescription };
  virtual ~ChangeObserver() = default;
  virtual void Committed(Kind kind, const std::string& id, int64_t version) = 0;
};

}  // namespace parcours::catalogue

#endif  // PARCOURS_SERVICES_CATALOGUE_STORE_CATALOGUE_STORE_H_
