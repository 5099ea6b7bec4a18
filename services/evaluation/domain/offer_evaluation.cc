#include "services/evaluation/domain/offer_evaluation.h"

namespace parcours::evaluation {
namespace {

Figure People(int64_t n) { return Figure::Count(static_cast<double>(n), n); }

Figure PeopleRate(int64_t n, int64_t d) {
  return Figure::Rate(static_cast<double>(n), static_cast<double>(d), n, d);
}

// A ratio to something that is not people (places, budget): the people counted are the
// only base.
Figure PerUnit(double numerator, double units, int64_t people) {
  Figure f = Figure::Of(std::nullopt, people);
  if (units > 0) f.value = numerator / units;
  return f;
}

}  // namespace

OfferFigures EvaluateOffer(const OfferStats& s) {
  Figure cost = Figure::Of(std::nullopt, s.started);
  if (s.budget_cents > 0 && s.started > 0) {
    cost.value = static_cast<double>(s.budget_cents) / static_cast<double>(s.started);
  }
  return OfferFigures{
      .stats = &s,
      .prescriptions = Figure::Count(static_cast<double>(s.prescriptions), s.prescribed),
      .prescriptions_per_place = PerUnit(static_cast<double>(s.prescriptions),
                                         static_cast<double>(s.places), s.prescribed),
      .accepted = People(s.accepted),
      .fill_rate =
          PerUnit(static_cast<double>(s.accepted), static_cast<double>(s.places), s.accepted),
      .started = People(s.started),
      .completed = People(s.completed),
      .completion_rate = PeopleRate(s.completed, s.completed + s.abandoned),
      .positive_exits = People(s.positive_exits),
      .positive_exit_rate = PeopleRate(s.positive_exits, s.completed),
      .beneficiary_satisfaction = Compute(Computation::kMean, s.beneficiary_scores, nullptr),
      .professional_satisfaction = Compute(Computation::kMean, s.professional_scores, nullptr),
      .cost_per_participant_cents = cost,
  };
}

}  // namespace parcours::evaluation
