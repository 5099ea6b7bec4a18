#include "services/orientation/domain/identity_validation.h"

#include <cctype>

#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"

namespace parcours::orientation {

bool IsValidCafNumber(const std::string& s) {
  if (s.size() != 7) return false;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

bool IsValidPhone(const std::string& s) {
  if (s.empty()) return true;
  std::string digits;
  size_t i = 0;
  bool international = false;
  if (s.rfind("+33", 0) == 0) {
    international = true;
    i = 3;
  }
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digits.push_back(c);
    } else if (c != ' ' && c != '.' && c != '-') {
      return false;
    }
  }
  if (international) return digits.size() == 9 && digits[0] != '0';
  return digits.size() == 10 && digits[0] == '0';
}

bool IsValidEmail(const std::string& s) {
  if (s.empty()) return true;
  if (s.size() > 254) return false;
  const size_t at = s.find('@');
  if (at == std::string::npos || at == 0 || s.find('@', at + 1) != std::string::npos) return false;
  const size_t dot = s.rfind('.');
  if (dot == std::string::npos || dot < at + 2 || dot + 1 >= s.size()) return false;
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c)) ||
        std::iscntrl(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return true;
}

bool IsValidName(const std::string& s) {
  if (s.empty() || s.size() > 100) return false;
  for (char c : s) {
    if (std::iscntrl(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

bool IsPlausibleBirthDate(absl::CivilDay birth, absl::CivilDay today) {
  const int age = AgeOn(birth, today);
  return birth <= today && age >= 16 && age <= 120;
}

std::optional<absl::CivilDay> MakeDate(int year, int month, int day) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31) {
    return std::nullopt;
  }
  absl::CivilDay d(year, month, day);
  // CivilDay normalises 2023-02-30 to 2023-03-02: a changed field means no such day.
  if (d.year() != year || d.month() != month || d.day() != day) return std::nullopt;
  return d;
}

std::optional<absl::CivilDay> ParseDate(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  int y = 0, m = 0, d = 0;
  if (!absl::SimpleAtoi(s.substr(0, 4), &y) || !absl::SimpleAtoi(s.substr(5, 2), &m) ||
      !absl::SimpleAtoi(s.substr(8, 2), &d)) {
    return std::nullopt;
  }
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return std::nullopt;
  }
  return MakeDate(y, m, d);
}

std::string FormatDate(absl::CivilDay d) {
  return absl::StrFormat("%04d-%02d-%02d", d.year(), d.month(), d.day());
}

int AgeOn(absl::CivilDay birth, absl::CivilDay on) {
  int age = static_cast<int>(on.year() - birth.year());
  if (on.month() < birth.month() || (on.month() == birth.month() && on.day() < birth.day())) {
    --age;
  }
  return age;
}

std::string AgeBand(int age) {
  if (age < 25) return "<25";
  if (age < 35) return "25-34";
  if (age < 50) return "35-49";
  return "50+";
}

}  // namespace parcours::orientation
