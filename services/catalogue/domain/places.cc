#include "services/catalogue/domain/places.h"

#include "services/catalogue/domain/dates.h"

namespace parcours::catalogue {

bool HasFreePlaces(const v1::Offer& offer, absl::CivilDay today) {
  if (offer.sessions().empty()) {
    return offer.capacity() == 0 || offer.places_taken() < offer.capacity();
  }
  for (const v1::Session& s : offer.sessions()) {
    if (ToCivilDay(s.end_date()) >= today && s.places_taken() < s.places()) return true;
  }
  return false;
}

int32_t TotalPlaces(const v1::Offer& offer) {
  if (offer.sessions().empty()) return offer.capacity();
  int32_t total = 0;
  for (const v1::Session& s : offer.sessions()) total += s.places();
  return total;
}

}  // namespace parcours::catalogue
