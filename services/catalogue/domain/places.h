// Places: whether a prescription to an offer can still be accepted. An offer with sessions
// takes prescriptions on a session (each with its own places); an offer without sessions
// has its own capacity (0 = not limited).
//
//   bool open = HasFreePlaces(offer, clock.Today());
#ifndef PARCOURS_SERVICES_CATALOGUE_DOMAIN_PLACES_H_
#define PARCOURS_SERVICES_CATALOGUE_DOMAIN_PLACES_H_

#include "absl/time/civil_time.h"
#include "parcours/catalogue/v1/catalogue.pb.h"

namespace parcours::catalogue {

// Sessions: one not yet ended (end_date >= today) with places left. Without sessions:
// capacity 0 or places left.
bool HasFreePlaces(const v1::Offer& offer, absl::CivilDay today);

// All the places the offer has: its sessions' places when it has sessions, else its
// capacity (0 = not limited). What the offer events publish (evaluation's fill rates).
int32_t TotalPlaces(const v1::Offer& offer);

}  // namespace parcours::catalogue

#endif  // PARCOURS_SERVICES_CATALOGUE_DOMAIN_PLACES_H_
