#include "services/evaluation/request_validation.h"

#include "absl/strings/escaping.h"
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

absl::StatusOr<OfferQuery> ParseOfferQuery(int year, int page_size, const std::string& token,
                                           const std::string& prefix) {
  errors::FieldViolations v;
  OfferQuery q;
  if (year != 0 && (year < 2000 || year > 2100)) v.Add(prefix + "year", "0 or 2000..2100");
  q.year = year;
  if (page_size < 0) v.Add(prefix + "page_size", "must not be negative");
  q.page_size = page_size == 0 ? kDefaultPageSize : std::min(page_size, kMaxPageSize);
  if (!token.empty() && !absl::WebSafeBase64Unescape(token, &q.after_offer_id)) {
    v.Add(prefix + "page_token", "is not a token this service returned");
  }
  if (!v.empty()) return v.ToStatus();
  return q;
}

std::string OfferPageToken(const std::string& last_offer_id) {
  return absl::WebSafeBase64Escape(last_offer_id);
}

TerritoryScope ScopeOf(const auth::Principal& principal) {
  if (principal.AllTerritories()) return TerritoryScope{};
  return TerritoryScope{.all = false, .tads = principal.territories};
}

}  // namespace parcours::evaluation
