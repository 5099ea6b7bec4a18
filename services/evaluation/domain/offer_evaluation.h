// Evaluation of one insertion offer: prescriptions against places, how many started and
// completed, positive exits, satisfaction from the fiche 4-1 surveys, and the cost per
// participant (the review's complaint about the pack sortie: ~200,000 € a year for about
// twenty people). Counts are of distinct beneficiaries, except `prescriptions`.
//
//   OfferFigures f = EvaluateOffer(stats);
#ifndef PARCOURS_SERVICES_EVALUATION_DOMAIN_OFFER_EVALUATION_H_
#define PARCOURS_SERVICES_EVALUATION_DOMAIN_OFFER_EVALUATION_H_

#include <cstdint>
#include <string>

#include "services/evaluation/domain/computation.h"
#include "services/evaluation/domain/secrecy.h"

namespace parcours::evaluation {

struct OfferStats {
  std::string offer_id;
  std::string structure_id;
  std::string pdi_fiche;
  int64_t places = 0;
  int64_t budget_cents = 0;
  int64_t prescriptions = 0;
  int64_t prescribed = 0;  // people
  int64_t accepted = 0;
  int64_t started = 0;
  int64_t completed = 0;
  int64_t abandoned = 0;
  int64_t positive_exits = 0;
  Sample beneficiary_scores;  // population = respondents, values = their mean scores
  Sample professional_scores;
};

struct OfferFigures {
  const OfferStats* stats;
  Figure prescriptions;
  Figure prescriptions_per_place;
  Figure accepted;
  Figure fill_rate;
  Figure started;
  Figure completed;
  Figure completion_rate;
  Figure positive_exits;
  Figure positive_exit_rate;
  Figure beneficiary_satisfaction;
  Figure professional_satisfaction;
  Figure cost_per_participant_cents;
};

// `stats` must outlive the result.
OfferFigures EvaluateOffer(const OfferStats& stats);

}  // namespace parcours::evaluation

#endif  // PARCOURS_SERVICES_EVALUATION_DOMAIN_OFFER_EVALUATION_H_
