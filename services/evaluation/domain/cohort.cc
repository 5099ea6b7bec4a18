#include "services/evaluation/domain/cohort.h"

#include "services/evaluation/domain/period.h"

namespace parcours::evaluation {
namespace {

struct Counts {
  int64_t entrants = 0;
  int64_t convened = 0;
  int64_t oriented = 0;
  int64_t oriented_in_time = 0;
  int64_t contract_in_time = 0;
  int64_t started_offer = 0;
  int64_t employed[3] = {0, 0, 0};
};

constexpr int kHorizons[3] = {6, 12, 24};

void Add(const CohortMember& m, const CohortRules& rules, Counts& c) {
  ++c.entrants;
  if (m.convened_day.has_value()) ++c.convened;
  if (m.oriented_day.has_value()) {
    ++c.oriented;
    if (*m.oriented_day - m.entry_day <= rules.orientation_deadline_days) ++c.oriented_in_time;
    auto delay = rules.contract_delay_days.find(m.orientation_type);
    const int allowed = delay == rules.contract_delay_days.end() ? rules.default_contract_delay_days
                                                                 : delay->second;
    if (m.contract_day.has_value() && *m.contract_day - *m.oriented_day <= allowed) {
      ++c.contract_in_time;
    }
  }
  if (m.offer_day.has_value()) ++c.started_offer;
  if (m.exit_day.has_value() && m.exit_to_employment) {
    const absl::CivilDay entry = FromEpochDay(m.entry_day);
    for (int h = 0; h < 3; ++h) {
      if (*m.exit_day < EpochDay(AddMonths(entry, kHorizons[h]))) ++c.employed[h];
    }
  }
}

// Every count here is a count of people, so each is its own base for secrecy.
CohortFigures Figures(absl::CivilMonth month, const std::string& tad, const Counts& c,
                      absl::CivilDay today) {
  auto count = [](int64_t n) { return Figure::Count(static_cast<double>(n), n); };
  auto rate = [](int64_t n, int64_t d) {
    return Figure::Rate(static_cast<double>(n), static_cast<double>(d), n, d);
  };
  // A horizon is complete when the last entrant of the month has been followed that long.
  const absl::CivilDay month_end = absl::CivilDay(month + 1) - 1;
  return CohortFigures{
      .month = month,
      .tad = tad,
      .entrants = count(c.entrants),
      .convened = count(c.convened),
      .oriented_within_deadline = count(c.oriented_in_time),
      .oriented_within_deadline_rate = rate(c.oriented_in_time, c.entrants),
      .contract_within_legal_delay = count(c.contract_in_time),
      .contract_within_legal_delay_rate = rate(c.contract_in_time, c.oriented),
      .started_offer = count(c.started_offer),
      .started_offer_rate = rate(c.started_offer, c.entrants),
      .exited_to_employment_6_months = rate(c.employed[0], c.entrants),
      .exited_to_employment_12_months = rate(c.employed[1], c.entrants),
      .exited_to_employment_24_months = rate(c.employed[2], c.entrants),
      .complete_6_months = AddMonths(month_end, 6) <= today,
      .complete_12_months = AddMonths(month_end, 12) <= today,
      .complete_24_months = AddMonths(month_end, 24) <= today,
  };
}

}  // namespace

std::vector<CohortFigures> BuildCohorts(absl::CivilMonth from, absl::CivilMonth to,
                                        const std::vector<CohortMember>& members,
                                        const CohortRules& rules, absl::CivilDay today) {
  std::map<absl::CivilMonth, Counts> totals;
  std::map<std::pair<absl::CivilMonth, std::string>, Counts> by_tad;
  for (absl::CivilMonth m = from; m <= to; ++m) totals[m];
  for (const CohortMember& member : members) {
    const absl::CivilMonth month(FromEpochDay(member.entry_day));
    if (month < from || month > to) continue;
    Add(member, rules, totals[month]);
    Add(member, rules, by_tad[{month, member.tad}]);
  }
  std::vector<CohortFigures> rows;
  for (const auto& [month, counts] : totals) rows.push_back(Figures(month, "", counts, today));
  for (const auto& [key, counts] : by_tad) {
    rows.push_back(Figures(key.first, key.second, counts, today));
  }
  return rows;
}

}  // namespace parcours::evaluation
