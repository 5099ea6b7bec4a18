#include "services/evaluation/request_validation.h"

#include "absl/strings/str_cat.h"
#include "libs/errors/field_violations.h"

namespace parcours::evaluation {

absl::StatusOr<Period> ParseBilanPeriod(int year, int month, const std::string& prefix) {
  errors::FieldViolations v;
  if (year < 2000 || year > 2100) v.Add(prefix + "year", "must be in 2000..2100");
  if (month < 0 || month > 12) v.Add(prefix + "month", "0 (whole year) or 1..12");
  if (!v.empty()) return v.ToStatus();
  return month == 0 ? Period::Year(year) : Period::Month(year, month);
}

absl::StatusOr<std::pair<absl::CivilMonth, absl::CivilMonth>> ParseMonthRange(
    const std::string& from, const std::string& to, const std::string& prefix) {
  errors::FieldViolations v;
  std::optional<absl::CivilMonth> f = ParseMonth(from);
  std::optional<absl::CivilMonth> t = ParseMonth(to);
  if (!f) v.Add(prefix + "from_month", "a month YYYY-MM is required");
  if (!t) v.Add(prefix + "to_month", "a month YYYY-MM is required");
  if (f && t && *t < *f) v.Add(prefix + "to_month", "must not be before from_month");
  if (f && t && *t - *f >= kMaxCohortMonths) {
    v.Add(prefix + "to_month", absl::StrCat("at most ", kMaxCohortMonths, " months"));
  }
  if (!v.empty()) return v.ToStatus();
  return std::make_pair(*f, *t);
}

absl::StatusOr<OfferListing> ParseOfferQuery(const v1::ListOfferEvaluationsRequest& req,
                                             const std::string& prefix) {
  errors::FieldViolations v;
  const int year = req.year();
  if (year != 0 && (year < 2000 || year > 2100)) v.Add(prefix + "year", "0 or 2000..2100");
  paging::Page page = paging::Page::Read(req, v, {.prefix = prefix});
  if (!v.empty()) return v.ToStatus();
  return OfferListing{
      .query = {.year = year, .page_size = page.size(), .after_offer_id = page.after_key()},
      .page = std::move(page)};
}

TerritoryScope ScopeOf(const auth::Principal& principal) {
  if (principal.AllTerritories()) return TerritoryScope{};
  return TerritoryScope{.all = false, .tads = principal.territories};
}

}  // namespace parcours::evaluation
