#include "services/catalogue/store/catalogue_events.h"

#include "services/catalogue/domain/places.h"
#include "services/catalogue/store/rows.h"

namespace parcours::catalogue {

parcours::events::v1::Event OfferChangeEvent(const v1::Offer& offer, int64_t version,
                                             const std::string& what) {
  v1::OfferEvent e;
  e.set_offer_id(offer.id());
  e.set_structure_id(offer.structure_id());
  e.set_status(offer.status());
  e.set_pdi_fiche(offer.pdi_fiche());
  for (const std::string& tad : offer.territories().tads()) e.add_tads(tad);
  e.set_version(version);
  e.set_places(TotalPlaces(offer));
  e.set_budget_cents(offer.budget_cents());
  parcours::events::v1::Event event = MakeEvent("catalogue.offer." + what, "offer", offer.id(), e);
  if (offer.territories().tads_size() == 1) event.set_tad(offer.territories().tads(0));
  if (offer.territories().mds_size() == 1) event.set_mds(offer.territories().mds(0));
  return event;
}

parcours::events::v1::Event PrescriptionChangeEvent(const v1::Prescription& p,
                                                    v1::PrescriptionStatus from,
                                                    const std::string& what) {
  v1::PrescriptionEvent e;
  e.set_prescription_id(p.id());
  e.set_beneficiary_id(p.beneficiary_id());
  e.set_offer_id(p.offer_id());
  e.set_session_id(p.session_id());
  e.set_structure_id(p.structure_id());
  e.set_pdi_fiche(p.pdi_fiche());
  e.set_from_status(from);
  e.set_status(p.status());
  e.set_outcome(p.outcome());
  e.set_positive_exit(p.positive_exit());
  e.set_contract_id(p.contract_id());
  *e.mutable_territory() = p.territory();
  parcours::events::v1::Event event =
      MakeEvent("catalogue.prescription." + what, "prescription", p.id(), e);
  event.set_beneficiary_id(p.beneficiary_id());
  event.set_tad(p.territory().tad());
  event.set_mds(p.territory().mds());
  return event;
}

}  // namespace parcours::catalogue
