// Mapping between the catalogue's rows and its protobuf messages, and the event envelopes
// its writes stage. Internal to the store.
//
//   ASSIGN_OR_RETURN(storage::ResultSet rs, tx.Query(std::string(kSelectOffer) + " WHERE id = ?",
//   {id})); ASSIGN_OR_RETURN(v1::Offer offer, OfferFromRow(rs.rows[0]));
#ifndef PARCOURS_SERVICES_CATALOGUE_STORE_ROWS_H_
#define PARCOURS_SERVICES_CATALOGUE_STORE_ROWS_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "google/protobuf/message.h"
#include "google/protobuf/timestamp.pb.h"
#include "libs/storage/database.h"
#include "parcours/catalogue/v1/catalogue.pb.h"
#include "parcours/events/v1/events.pb.h"
#include "services/catalogue/store/catalogue_store.h"

namespace parcours::catalogue {

// Column lists, in the order the *FromRow functions read them.
inline constexpr char kStructureColumns[] =
    "id, status, version, body, created_at_us, updated_at_us";
inline constexpr char kOfferColumns[] =
    "id, status, version, places_taken, body, created_at_us, updated_at_us";
inline constexpr char kSessionColumns[] =
    "id, offer_id, start_date, end_date, places, places_taken, label";
inline constexpr char kPrescriptionColumns[] =
    "id, beneficiary_id, referent_id, offer_id, session_id, contract_id, structure_id, "
    "pdi_fiche, tad, mds, commune_insee, status, outcome, positive_exit, refusal_reason, "
    "comment, version, created_at_us, updated_at_us, status_at_us";

// The descriptive fields kept in `body` (ids, status, etag, times, sessions and places
// live in columns).
storage::Bytes StructureBody(const v1::Structure& s);
storage::Bytes OfferBody(const v1::Offer& o);

absl::StatusOr<Versioned<v1::Structure>> StructureFromRow(const storage::Row& row);
// Without sessions: add them with SessionFromRow.
absl::StatusOr<Versioned<v1::Offer>> OfferFromRow(const storage::Row& row);
v1::Session SessionFromRow(const storage::Row& row);
Versioned<v1::Prescription> PrescriptionFromRow(const storage::Row& row);

int64_t Micros(absl::Time t);
google::protobuf::Timestamp TimestampFromMicros(int64_t us);

// An event of this service about one aggregate, with `payload` packed.
parcours::events::v1::Event MakeEvent(const std::string& type, const std::string& aggregate_type,
                                      const std::string& aggregate_id,
                                      const google::protobuf::Message& payload);

}  // namespace parcours::catalogue

#endif  // PARCOURS_SERVICES_CATALOGUE_STORE_ROWS_H_
