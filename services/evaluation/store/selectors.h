// The vocabulary of populations indicator definitions may name (indicators.json
// "numerator"/"denominator": {"selector": "...", params}), each written once in portable
// SQL over the projections, and the SampleSource that measures them.
//
//   SqlSampleSource samples(db);
//   ASSIGN_OR_RETURN(SampleSet s, samples.Measure({"entrants", {}}, Period::Year(2024),
//                                                 TerritoryScope{}, /*by_tad=*/true));
//
// Selectors (params in brackets):
//   entrants                         beneficiaries who entered the RSA in the period
//   entrants_oriented_within [days]  of those, oriented within `days` of entry
//   oriented                         first oriented in the period
//   orientation_delay_days           values: entry → first orientation, for those oriented
//   convocations | convened          convocation events | people convened in the period
//   rights_and_duties_stock [orientation_type]
//                                    subject to rights and duties, in the RSA at period end
//   rights_and_duties_stock_with_contract [orientation_type]
//                                    of those, with a contract in force at period end
//   contracts_activated [kind]       contracts that came into force in the period
//   prescriptions [fiche]            prescriptions created in the period
//   offer_starters [fiche]           people who started an offer in the period
//   offer_completions [fiche]        prescriptions completed in the period
//   offer_positive_exits [fiche]     of those, with a positive exit
//   offer_exits_with_outcome [fiche, outcome]
//   offer_abandons [fiche]           prescriptions abandoned in the period
//   offer_exits [fiche]              completed or abandoned in the period
//   rsa_exits | rsa_exits_to_employment
//   fraud_cases_opened | fraud_cases_qualified | fines_applied (cases opened in the period)
//   fines_cents | amounts_due_cents | amounts_recovered_cents (sums over those cases)
//   surveys_created                  (no people: never hidden)
//   survey_responses [audience] | survey_scores [audience] (values: each response's mean)
//   organisations_evaluated          structures whose offers got survey responses
#ifndef PARCOURS_SERVICES_EVALUATION_STORE_SELECTORS_H_
#define PARCOURS_SERVICES_EVALUATION_STORE_SELECTORS_H_

#include "absl/status/status.h"
#include "libs/storage/database.h"
#include "services/evaluation/domain/bilan.h"
#include "services/evaluation/domain/indicator_catalog.h"

namespace parcours::evaluation {

// OK when `ref` names a selector with parameters it accepts.
absl::Status ValidateSelector(const SelectorRef& ref);

class SqlSampleSource final : public SampleSource {
 public:
  explicit SqlSampleSource(storage::Database& db) : db_(db) {}
  absl::StatusOr<SampleSet> Measure(const SelectorRef& selector, const Period& period,
                                    const TerritoryScope& scope, bool by_tad) override;

 private:
  storage::Database& db_;
};

}  // namespace parcours::evaluation

#endif  // PARCOURS_SERVICES_EVALUATION_STORE_SELECTORS_H_
