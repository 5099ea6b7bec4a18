#include "services/fraud/ingest/records.h"

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace parcours::fraud {
namespace {

constexpr int64_t kMaxAmountCents = 100'000'000;  // 1 M€ a quarter: beyond is a typo

bool IsCafNumber(const std::string& s) {
  if (s.size() < 7 || s.size() > 13) return false;
  for (char c : s) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

void CheckCaf(const std::string& caf, errors::FieldViolations& v) {
  if (!IsCafNumber(caf)) v.Add("caf_number", "must be 7 to 13 digits");
}

void CheckId(const std::string& field, const std::string& id, errors::FieldViolations& v) {
  if (id.empty() || id.size() > 64) {
    v.Add(field, "must be 1 to 64 characters");
  } else if (absl::StrContains(id, ',')) {
    v.Add(field, "must not contain ','");
  }
}

void CheckQuarter(const std::string& field, const v1::Quarter& q, errors::FieldViolations& v) {
  if (q.year() < 2000 || q.year() > 2100) v.Add(field + ".year", "must be in 2000..2100");
  if (q.quarter() < 1 || q.quarter() > 4) v.Add(field + ".quarter", "must be 1..4");
}

}  // namespace

std::optional<absl::CivilDay> FromProtoDate(const common::v1::Date& d) {
  if (d.year() < 1 || d.year() > 9999 || d.month() < 1 || d.month() > 12 || d.day() < 1 ||
      d.day() > 31) {
    return std::nullopt;
  }
  absl::CivilDay day(d.year(), d.month(), d.day());
  if (day.month() != d.month() || day.day() != d.day()) return std::nullopt;  // 31 April
  return day;
}

common::v1::Date ToProtoDate(absl::CivilDay d) {
  common::v1::Date out;
  out.set_year(static_cast<int32_t>(d.year()));
  out.set_month(d.month());
  out.set_day(d.day());
  return out;
}

std::optional<IncomeCategory> FromProto(v1::IncomeCategory c) {
  if (c <= v1::INCOME_CATEGORY_UNSPECIFIED || c > v1::INCOME_CATEGORY_OTHER) return std::nullopt;
  return static_cast<IncomeCategory>(c - 1);
}
v1::IncomeCategory ToProto(IncomeCategory c) {
  return static_cast<v1::IncomeCategory>(static_cast<int>(c) + 1);
}
std::optional<FactKind> FromProto(v1::FactKind k) {
  if (k <= v1::FACT_KIND_UNSPECIFIED || k > v1::FACT_KIND_MAIL_RETURNED) return std::nullopt;
  return static_cast<FactKind>(k - 1);
}
v1::FactKind ToProto(FactKind k) { return static_cast<v1::FactKind>(static_cast<int>(k) + 1); }
std::optional<FactSource> FromProto(v1::CrossCheckSource s) {
  if (s <= v1::CROSS_CHECK_SOURCE_UNSPECIFIED || s > v1::CROSS_CHECK_SOURCE_SOCIAL_WORKER) {
    return std::nullopt;
  }
  return static_cast<FactSource>(s - 1);
}
v1::CrossCheckSource ToProto(FactSource s) {
  return static_cast<v1::CrossCheckSource>(static_cast<int>(s) + 1);
}

errors::FieldViolations ToHouseholdFile(const v1::HouseholdRecord& r, HouseholdFile* out) {
  errors::FieldViolations v;
  CheckCaf(r.caf_number(), v);
  CheckId("beneficiary_id", r.beneficiary_id(), v);
  if (r.member_ids_size() < 1 || r.member_ids_size() > 30) {
    v.Add("member_ids", "a household has 1 to 30 members");
  }
  std::set<std::string> members;
  for (int i = 0; i < r.member_ids_size(); ++i) {
    CheckId(absl::StrCat("member_ids[", i, "]"), r.member_ids(i), v);
    if (!members.insert(r.member_ids(i)).second) {
      v.Add(absl::StrCat("member_ids[", i, "]"), "listed twice");
    }
  }
  const v1::Address& a = r.address();
  if (a.street().size() > 200) v.Add("address.street", "at most 200 characters");
  if (a.postal_code().size() > 10) v.Add("address.postal_code", "at most 10 characters");
  if (a.commune_insee().size() > 5) v.Add("address.commune_insee", "an INSEE code (5 characters)");
  if (a.country().size() != 2 || !absl::ascii_isupper(static_cast<unsigned char>(a.country()[0])) ||
      !absl::ascii_isupper(static_cast<unsigned char>(a.country()[1]))) {
    v.Add("address.country", "an ISO 3166-1 alpha-2 code such as FR");
  }
  if (r.bank_account_fingerprint().size() > 128) {
    v.Add("bank_account_fingerprint", "at most 128 characters");
  }
  if (r.monthly_rsa_cents() < 0 || r.monthly_rsa_cents() > 1'000'000) {
    v.Add("monthly_rsa_cents", "must be in 0..1000000");
  }
  std::optional<absl::CivilDay> since = FromProtoDate(r.rsa_since());
  if (!since.has_value() || since->year() < 1988) {
    v.Add("rsa_since", "a valid date since 1988 is required");
  }
  if (r.territory().tad().empty() || r.territory().tad().size() > 32) {
    v.Add("territory.tad", "a TAD code is required");
  }
  if (!v.empty()) return v;
  out->caf_number = r.caf_number();
  out->beneficiary_id = r.beneficiary_id();
  out->member_ids.assign(r.member_ids().begin(), r.member_ids().end());
  out->street = a.street();
  out->postal_code = a.postal_code();
  out->commune_insee = a.commune_insee();
  out->country = a.country();
  out->tad = r.territory().tad();
  out->mds = r.territory().mds();
  out->bank_fingerprint = r.bank_account_fingerprint();
  out->monthly_rsa_cents = r.monthly_rsa_cents();
  out->rsa_since = *since;
  return v;
}

errors::FieldViolations ToDeclaration(const v1::DeclarationRecord& r,
                                      ByCafNumber<DeclarationInput>* out) {
  errors::FieldViolations v;
  CheckCaf(r.caf_number(), v);
  CheckQuarter("period", r.period(), v);
  std::set<int> categories;
  Declaration d;
  for (int i = 0; i < r.amounts_size(); ++i) {
    const std::string field = absl::StrCat("amounts[", i, "]");
    std::optional<IncomeCategory> c = FromProto(r.amounts(i).category());
    if (!c.has_value()) {
      v.Add(field + ".category", "a category is required");
    } else if (!categories.insert(static_cast<int>(*c)).second) {
      v.Add(field + ".category", "listed twice");
    } else {
      d.amounts[static_cast<int>(*c)] = r.amounts(i).amount_cents();
    }
    if (r.amounts(i).amount_cents() < 0 || r.amounts(i).amount_cents() > kMaxAmountCents) {
      v.Add(field + ".amount_cents", "must be in 0..100000000");
    }
  }
  std::optional<absl::CivilDay> on = FromProtoDate(r.declared_on());
  if (!on.has_value()) v.Add("declared_on", "a valid date is required");
  if (!v.empty()) return v;
  d.period = {r.period().year(), r.period().quarter()};
  out->caf_number = r.caf_number();
  out->input.declaration = d;
  out->input.declared_on = *on;
  return v;
}

errors::FieldViolations ToCrossCheck(const v1::CrossCheckRecord& r,
                                     ByCafNumber<CrossCheckInput>* out) {
  errors::FieldViolations v;
  CheckCaf(r.caf_number(), v);
  std::optional<FactSource> source = FromProto(r.source());
  if (!source.has_value() || *source == FactSource::kSocialWorker) {
    v.Add("source", "an administration is required (social workers use ImportReports)");
  }
  CheckId("reference", r.reference(), v);
  CheckQuarter("period", r.period(), v);
  std::optional<FactKind> kind = FromProto(r.kind());
  CrossCheck fact;
  if (!kind.has_value()) {
    v.Add("kind", "a kind of fact is required");
  } else if (*kind == FactKind::kIncome) {
    std::optional<IncomeCategory> c = FromProto(r.category());
    if (!c.has_value()) v.Add("category", "required for an income");
    if (r.amount_cents() < 0 || r.amount_cents() > kMaxAmountCents) {
      v.Add("amount_cents", "must be in 0..100000000");
    }
    fact.category = c.value_or(IncomeCategory::kOther);
    fact.amount_cents = r.amount_cents();
  } else if (*kind == FactKind::kPersonsInHousehold) {
    if (r.persons() < 1 || r.persons() > 30) v.Add("persons", "must be in 1..30");
    fact.persons = r.persons();
  }
  if (!v.empty()) return v;
  fact.source = *source;
  fact.kind = *kind;
  fact.period = {r.period().year(), r.period().quarter()};
  out->caf_number = r.caf_number();
  out->input.reference = r.reference();
  out->input.fact = fact;
  return v;
}

errors::FieldViolations ToReport(const v1::SocialWorkerReport& r,
                                 ByCafNumber<CrossCheckInput>* out) {
  errors::FieldViolations v;
  CheckCaf(r.caf_number(), v);
  CheckId("reference", r.reference(), v);
  CheckQuarter("period", r.period(), v);
  std::optional<FactKind> kind = FromProto(r.kind());
  if (!kind.has_value() || *kind == FactKind::kIncome) {
    v.Add("kind", "persons in household, residence abroad or mail returned");
  } else if (*kind == FactKind::kPersonsInHousehold && (r.persons() < 1 || r.persons() > 30)) {
    v.Add("persons", "must be in 1..30");
  }
  if (!v.empty()) return v;
  out->caf_number = r.caf_number();
  out->input.reference = r.reference();
  out->input.fact.source = FactSource::kSocialWorker;
  out->input.fact.kind = *kind;
  out->input.fact.persons = *kind == FactKind::kPersonsInHousehold ? r.persons() : 0;
  out->input.fact.period = {r.period().year(), r.period().quarter()};
  return v;
}

}  // namespace parcours::fraud
