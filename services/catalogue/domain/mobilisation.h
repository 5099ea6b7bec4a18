// Mobilisation figures: what was prescribed on an offer, a territory or a fiche over a
// period, and what became of it — the figure the 2020 review says nobody could produce.
// The store counts prescriptions by status (and positive exits) with GROUP BY; this file
// turns the counts into rates, so the arithmetic is tested without a database.
//
//   MobilisationCounts c;
//   c.by_status[v1::PRESCRIPTION_STATUS_COMPLETED] = 6;
//   c.by_status[v1::PRESCRIPTION_STATUS_ABANDONED] = 2;
//   c.positive_exits = 3;
//   c.places = 10;
//   v1::MobilisationRow row = MakeMobilisationRow("TAD-CENTRE", c);
//   // accepted 8, fill_rate 0.8, completion_rate 0.75, positive_exit_rate 0.375
#ifndef PARCOURS_SERVICES_CATALOGUE_DOMAIN_MOBILISATION_H_
#define PARCOURS_SERVICES_CATALOGUE_DOMAIN_MOBILISATION_H_

#include <cstdint>
#include <map>
#include <string>

#include "parcours/catalogue/v1/catalogue.pb.h"

namespace parcours::catalogue {

struct MobilisationCounts {
  std::map<v1::PrescriptionStatus, int64_t> by_status;  // current status of each prescription
  int64_t positive_exits = 0;  // COMPLETED or ABANDONED with a positive outcome
  int64_t places = 0;          // places offered over the period
};

// accepted = ACCEPTED + STARTED + COMPLETED + ABANDONED (every prescription that was
// accepted at some point: the later states can only follow an acceptance);
// fill_rate = accepted / places; completion_rate = COMPLETED / exits;
// positive_exit_rate = positive exits / exits, where exits = COMPLETED + ABANDONED.
// A rate whose denominator is 0 is 0.
v1::MobilisationRow MakeMobilisationRow(const std::string& key, const MobilisationCounts& counts);

}  // namespace parcours::catalogue

#endif  // PARCOURS_SERVICES_CATALOGUE_DOMAIN_MOBILISATION_H_
