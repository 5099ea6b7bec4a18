#include "services/fraud/store/sql_util.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace parcours::fraud {

std::string DayText(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

std::string DayText(const std::optional<absl::CivilDay>& day) {
  return day.has_value() ? DayText(*day) : std::string();
}

std::optional<absl::CivilDay> ParseDayText(const std::string& text) {
  absl::CivilDay day;
  if (text.size() != 10 || !absl::ParseCivilTime(text, &day)) return std::nullopt;
  return day;
}

std::string Placeholders(size_t n) {
  std::string out;
  out.reserve(n * 3);
  // absl::StrAppend rather than +=: GCC 12 at -O3 warns falsely (-Wrestrict) on the latter.
  for (size_t i = 0; i < n; ++i) absl::StrAppend(&out, i == 0 ? "?" : ", ?");
  return out;
}

std::string RowPlaceholders(size_t rows, size_t columns) {
  const std::string row = "(" + Placeholders(columns) + ")";
  std::string out;
  out.reserve(rows * (row.size() + 2));
  for (size_t i = 0; i < rows; ++i) {
    absl::StrAppend(&out, i == 0 ? "" : ", ", row);
  }
  return out;
}

int64_t ToMicros(absl::Time t) { return absl::ToUnixMicros(t); }
absl::Time FromMicros(int64_t us) { return absl::FromUnixMicros(us); }

}  // namespace parcours::fraud
