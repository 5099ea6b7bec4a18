#include "services/fraud/store/sql_util.h"

#include "absl/strings/str_format.h"

namespace parcours::fraud {

std::string DayText(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

std::string DayText(const std::optional<absl::CivilDay>& day) {
  return day.has_value() ? DayText(*day) : std::string();
}

// By hand: a batch parses a million of these, and absl::ParseCivilTime is general (and slow).
std::optional<absl::CivilDay> ParseDayText(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int parts[3] = {0, 0, 0};
  const int starts[3] = {0, 5, 8}, lengths[3] = {4, 2, 2};
  for (int p = 0; p < 3; ++p) {
    for (int i = starts[p]; i < starts[p] + lengths[p]; ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      parts[p] = parts[p] * 10 + (text[i] - '0');
    }
  }
  const absl::CivilDay day(parts[0], parts[1], parts[2]);
  if (day.month() != parts[1] || day.day() != parts[2]) return std::nullopt;  // 2024-02-30
  return day;
}

int64_t ToMicros(absl::Time t) { return absl::ToUnixMicros(t); }
absl::Time FromMicros(int64_t us) { return absl::FromUnixMicros(us); }

}  // namespace parcours::fraud
