// The catalogue's event envelopes and payloads, built from the stored offer or
// prescription (the store stages them; evaluation_payload_test decodes exactly these).
//
//   sink.Stage(tx, OfferChangeEvent(offer, version, "published"));
//
// Envelopes: aggregate_id is the offer or prescription id; a prescription's carries the
// pseudonymous beneficiary_id and its TAD/MDS; an offer's carries its TAD (resp. MDS) when
// it serves exactly one — an offer over several lists them all in the payload's `tads`.
#ifndef PARCOURS_SERVICES_CATALOGUE_STORE_CATALOGUE_EVENTS_H_
#define PARCOURS_SERVICES_CATALOGUE_STORE_CATALOGUE_EVENTS_H_

#include <cstdint>
#include <string>

#include "parcours/catalogue/v1/catalogue.pb.h"
#include "parcours/events/v1/events.pb.h"

namespace parcours::catalogue {

// "catalogue.offer.<what>" with an OfferEvent (status, fiche, places, budget, TADs).
parcours::events::v1::Event OfferChangeEvent(const v1::Offer& offer, int64_t version,
                                             const std::string& what);

// "catalogue.prescription.<what>" with a PrescriptionEvent (from/to status, outcome…).
parcours::events::v1::Event PrescriptionChangeEvent(const v1::Prescription& p,
                                                    v1::PrescriptionStatus from,
                                                    const std::string& what);

}  // namespace parcours::catalogue

#endif  // PARCOURS_SERVICES_CATALOGUE_STORE_CATALOGUE_EVENTS_H_
