// The legal frame of administrative fines, as data (services/fraud/config/fines.json;
// FRAUD_FINES_FILE replaces it): the cap is a multiple of the monthly social-security
// ceiling (PMSS) of the decision's year, doubled on repeat; no fine for facts older than
// the prescription (2 years). A controller chooses the amount; this only says what the
// law allows. References travel with the decision so that a fine is explainable.
//
//   ASSIGN_OR_RETURN(FinePolicy policy, ParseFinePolicy(json));
//   ASSIGN_OR_RETURN(int64_t cap, policy.Cap(facts_date, today, /*repeat=*/false));
//   RETURN_IF_ERROR(policy.Check(amount_cents, facts_date, today, repeat));
#ifndef PARCOURS_SERVICES_FRAUD_DOMAIN_FINES_H_
#define PARCOURS_SERVICES_FRAUD_DOMAIN_FINES_H_

#include <cstdint>
#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"

namespace parcours::fraud {

struct FinePolicy {
  std::string reference;  // legal references, shown with every fine
  int cap_pmss_multiple = 2;
  int repeat_multiplier = 2;
  int prescription_years = 2;
  std::map<int, int64_t> pmss_cents_by_year;  // at least one year

  // The PMSS for `year`: that year's, else the latest earlier one, else the earliest.
  int64_t PmssFor(int year) const;

  // The highest fine allowed, or FAILED_PRECONDITION when the facts are prescribed
  // (older than prescription_years on `decision_day`) or in the future.
  absl::StatusOr<int64_t> Cap(absl::CivilDay facts_date, absl::CivilDay decision_day,
                              bool repeat_offence) const;

  // OK when `amount_cents` is positive and within the cap; INVALID_ARGUMENT on
  // "fine.amount_cents" otherwise; FAILED_PRECONDITION as Cap().
  absl::Status Check(int64_t amount_cents, absl::CivilDay facts_date, absl::CivilDay decision_day,
                     bool repeat_offence) const;
};

absl::StatusOr<FinePolicy> ParseFinePolicy(const std::string& json);

}  // namespace parcours::fraud

#endif  // PARCOURS_SERVICES_FRAUD_DOMAIN_FINES_H_
