#include "services/fraud/domain/fines.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "libs/errors/field_violations.h"
#include "nlohmann/json.hpp"
#include "services/fraud/domain/scoring.h"

namespace parcours::fraud {
namespace {

absl::Status Bad(const std::string& key, const std::string& why) {
  return absl::InvalidArgumentError(absl::StrCat("fine policy: ", key, ": ", why));
}

}  // namespace

int64_t FinePolicy::PmssFor(int year) const {
  auto it = pmss_cents_by_year.upper_bound(year);
  if (it == pmss_cents_by_year.begin()) return it->second;
  return std::prev(it)->second;
}

absl::StatusOr<int64_t> FinePolicy::Cap(absl::CivilDay facts_date, absl::CivilDay decision_day,
                                        bool repeat_offence) const {
  if (facts_date > decision_day) {
    return absl::FailedPreconditionError("the facts cannot be later than the decision");
  }
  const absl::CivilDay limit(decision_day.year() - prescription_years, decision_day.month(),
                             decision_day.day());
  if (facts_date < limit) {
    return absl::FailedPreconditionError(absl::StrCat(
        "no fine for facts older than ", prescription_years, " years (", reference, ")"));
  }
  int64_t cap = PmssFor(static_cast<int>(decision_day.year())) * cap_pmss_multiple;
  if (repeat_offence) cap *= repeat_multiplier;
  return cap;
}

absl::Status FinePolicy::Check(int64_t amount_cents, absl::CivilDay facts_date,
                               absl::CivilDay decision_day, bool repeat_offence) const {
  absl::StatusOr<int64_t> cap = Cap(facts_date, decision_day, repeat_offence);
  if (!cap.ok()) return cap.status();
  if (amount_cents <= 0) return errors::InvalidField("fine.amount_cents", "must be > 0");
  if (amount_cents > *cap) {
    return errors::InvalidField(
        "fine.amount_cents",
        absl::StrCat("exceeds the legal cap of ", FormatCents(*cap), " EUR (", reference, ")"));
  }
  return absl::OkStatus();
}

absl::StatusOr<FinePolicy> ParseFinePolicy(const std::string& text) {
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) return Bad("(document)", "not a JSON object");
  FinePolicy p;
  auto ref = doc.find("reference");
  if (ref == doc.end() || !ref->is_string()) return Bad("reference", "a string is required");
  p.reference = ref->get<std::string>();
  struct IntKey {
    const char* name;
    int* out;
    int min, max;
  };
  for (const IntKey& k : {IntKey{"cap_pmss_multiple", &p.cap_pmss_multiple, 1, 100},
                          IntKey{"repeat_multiplier", &p.repeat_multiplier, 1, 10},
                          IntKey{"prescription_years", &p.prescription_years, 0, 30}}) {
    auto it = doc.find(k.name);
    if (it == doc.end() || !it->is_number_integer()) return Bad(k.name, "an integer is required");
    int64_t v = it->get<int64_t>();
    if (v < k.min || v > k.max) return Bad(k.name, "out of range");
    *k.out = static_cast<int>(v);
  }
  auto pmss = doc.find("pmss_cents_by_year");
  if (pmss == doc.end() || !pmss->is_object() || pmss->empty()) {
    return Bad("pmss_cents_by_year", "an object of year: cents is required");
  }
  for (auto it = pmss->begin(); it != pmss->end(); ++it) {
    int year = 0;
    if (!absl::SimpleAtoi(it.key(), &year) || year < 2000 || year > 2100) {
      return Bad("pmss_cents_by_year." + it.key(), "not a year");
    }
    if (!it->is_number_integer() || it->get<int64_t>() <= 0) {
      return Bad("pmss_cents_by_year." + it.key(), "a positive integer is required");
    }
    p.pmss_cents_by_year[year] = it->get<int64_t>();
  }
  return p;
}

}  // namespace parcours::fraud
