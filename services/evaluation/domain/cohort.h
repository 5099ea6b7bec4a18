// Entry-month cohorts: the beneficiaries who entered the RSA in a month, and what became
// of them: convened, oriented within the deadline (30 days by default), a contract within
// the legal delay after orientation (per orientation type), an offer started, an exit
// from the RSA to employment within 6, 12 and 24 months of entry.
//
//   std::vector<CohortFigures> rows = BuildCohorts(members, rules, today);
#ifndef PARCOURS_SERVICES_EVALUATION_DOMAIN_COHORT_H_
#define PARCOURS_SERVICES_EVALUATION_DOMAIN_COHORT_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "services/evaluation/domain/secrecy.h"

namespace parcours::evaluation {

// One entrant as the projections know them (days are epoch days).
struct CohortMember {
  std::string tad;
  int64_t entry_day = 0;
  std::optional<int64_t> convened_day;
  std::optional<int64_t> oriented_day;
  std::string orientation_type;
  std::optional<int64_t> contract_day;
  std::optional<int64_t> offer_day;
  std::optional<int64_t> exit_day;
  bool exit_to_employment = false;
};

struct CohortRules {
  int orientation_deadline_days = 30;
  // Legal delay from orientation to contract, per orientation type (historical CER: one
  // month socio-professional, two months social; PPAE one month).
  std::map<std::string, int> contract_delay_days = {
      {"PROFESSIONAL", 30}, {"SOCIO_PROFESSIONAL", 30}, {"SOCIAL", 60}};
  int default_contract_delay_days = 60;  // orientation type unknown
};

struct CohortFigures {
  absl::CivilMonth month;
  std::string tad;  // "" = the whole scope
  Figure entrants;
  Figure convened;
  Figure oriented_within_deadline;
  Figure oriented_within_deadline_rate;
  Figure contract_within_legal_delay;
  Figure contract_within_legal_delay_rate;
  Figure started_offer;
  Figure started_offer_rate;
  Figure exited_to_employment_6_months;
  Figure exited_to_employment_12_months;
  Figure exited_to_employment_24_months;
  bool complete_6_months = false;
  bool complete_12_months = false;
  bool complete_24_months = false;
};

// One row per month of [from, to] (empty months included) for the whole scope, followed
// by one per (month, TAD) seen, in month then TAD order.
std::vector<CohortFigures> BuildCohorts(absl::CivilMonth from, absl::CivilMonth to,
                                        const std::vector<CohortMember>& members,
                                        const CohortRules& rules, absl::CivilDay today);

}  // namespace parcours::evaluation

#endif  // PARCOURS_SERVICES_EVALUATION_DOMAIN_COHORT_H_
