// Reading responses in the service tests: find an indicator of the bilan, a TAD's cell,
// a cohort row, an offer; and run the scripted scenario to the point every test starts
// from (feeds published, evaluation caught up, clock set).
#ifndef PARCOURS_SERVICES_EVALUATION_TESTS_SCENARIO_SUPPORT_H_
#define PARCOURS_SERVICES_EVALUATION_TESTS_SCENARIO_SUPPORT_H_

#include <string>

#include "gtest/gtest.h"
#include "parcours/evaluation/v1/evaluation.pb.h"

namespace parcours::evaluation::testing {

inline const v1::IndicatorResult& Indicator(const v1::Bilan& bilan, const std::string& fiche,
                                            const std::string& id) {
  static const v1::IndicatorResult kMissing;
  for (const v1::FicheResult& f : bilan.fiches()) {
    if (f.fiche() != fiche) continue;
    for (const v1::IndicatorResult& i : f.indicators()) {
      if (i.id() == id) return i;
    }
  }
  ADD_FAILURE() << "no indicator " << fiche << "/" << id;
  return kMissing;
}

inline const v1::FicheResult& Fiche(const v1::Bilan& bilan, const std::string& fiche) {
  static const v1::FicheResult kMissing;
  for (const v1::FicheResult& f : bilan.fiches()) {
    if (f.fiche() == fiche) return f;
  }
  ADD_FAILURE() << "no fiche " << fiche;
  return kMissing;
}

// The TAD's cell, or a default (suppressed=false, no value) cell flagged by `found`.
inline v1::Cell TadCell(const v1::IndicatorResult& i, const std::string& tad,
                        bool* found = nullptr) {
  for (const v1::TerritoryCell& t : i.by_tad()) {
    if (t.tad() == tad) {
      if (found) *found = true;
      return t.cell();
    }
  }
  if (found) *found = false;
  return v1::Cell();
}

inline const v1::Cohort& CohortRow(const v1::ListCohortsResponse& r, const std::string& month,
                                   const std::string& tad) {
  static const v1::Cohort kMissing;
  for (const v1::Cohort& c : r.cohorts()) {
    if (c.month() == month && c.tad() == tad) return c;
  }
  ADD_FAILURE() << "no cohort " << month << " " << tad;
  return kMissing;
}

inline const v1::OfferEvaluation& OfferRow(const v1::ListOfferEvaluationsResponse& r,
                                           const std::string& id) {
  static const v1::OfferEvaluation kMissing;
  for (const v1::OfferEvaluation& o : r.offers()) {
    if (o.offer_id() == id) return o;
  }
  ADD_FAILURE() << "no offer " << id;
  return kMissing;
}

// A shown cell with this value and population.
#define EXPECT_CELL(cell, v, pop)                       \
  do {                                                  \
    const ::parcours::evaluation::v1::Cell c_ = (cell); \
    EXPECT_FALSE(c_.suppressed()) << #cell;             \
    EXPECT_TRUE(c_.has_value()) << #cell;               \
    EXPECT_NEAR(c_.value(), (v), 1e-9) << #cell;        \
    EXPECT_EQ(c_.population(), (pop)) << #cell;         \
  } while (false)

// A hidden cell: no value, no population.
#define EXPECT_HIDDEN(cell)                             \
  do {                                                  \
    const ::parcours::evaluation::v1::Cell c_ = (cell); \
    EXPECT_TRUE(c_.suppressed()) << #cell;              \
    EXPECT_FALSE(c_.has_value()) << #cell;              \
    EXPECT_FALSE(c_.has_population()) << #cell;         \
  } while (false)

}  // namespace parcours::evaluation::testing

#endif  // PARCOURS_SERVICES_EVALUATION_TESTS_SCENARIO_SUPPORT_H_
