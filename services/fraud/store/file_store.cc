#include "services/fraud/store/file_store.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "libs/common/ids.h"
#include "libs/common/status_macros.h"
#include "libs/storage/placeholders.h"
#include "services/fraud/store/sql_util.h"

namespace parcours::fraud {
namespace {

// FNV-1a over the fields that matter, separated so that ("ab","c") != ("a","bc"). Stable
// across processes (absl::Hash is not), so it can be stored.
std::string ContentHash(const HouseholdFile& f) {
  uint64_t h = 1469598103934665603ull;
  auto mix = [&h](const std::string& s) {
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    h = (h ^ 0x1f) * 1099511628211ull;
  };
  mix(f.beneficiary_id);
  mix(absl::StrJoin(f.member_ids, ","));
  mix(f.street);
  mix(f.postal_code);
  mix(f.commune_insee);
  mix(f.country);
  mix(f.tad);
  mix(f.mds);
  mix(f.bank_fingerprint);
  mix(absl::StrCat(f.monthly_rsa_cents));
  mix(DayText(f.rsa_since));
  return absl::StrCat(absl::Hex(h, absl::kZeroPad16));
}

constexpr char kUpsertHousehold[] =
    "INSERT INTO households (id, caf_number, beneficiary_id, member_ids, persons, street, "
    "postal_code, commune_insee, country, tad, mds, bank_fingerprint, monthly_rsa_cents, "
    "rsa_since, content_hash, updated_at_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
    "?) "
    "ON CONFLICT (caf_number) DO UPDATE SET beneficiary_id = excluded.beneficiary_id, "
    "member_ids = excluded.member_ids, persons = excluded.persons, street = excluded.street, "
    "postal_code = excluded.postal_code, commune_insee = excluded.commune_insee, "
    "country = excluded.country, tad = excluded.tad, mds = excluded.mds, "
    "bank_fingerprint = excluded.bank_fingerprint, "
    "monthly_rsa_cents = excluded.monthly_rsa_cents, rsa_since = excluded.rsa_since, "
    "content_hash = excluded.content_hash, updated_at_us = excluded.updated_at_us "
    "WHERE households.content_hash <> excluded.content_hash RETURNING id";

constexpr char kUpsertDeclaration[] =
    "INSERT INTO declarations (household_id, year, quarter, salary_cents, unemployment_cents, "
    "pension_cents, self_employment_cents, property_cents, other_cents, declared_on) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (household_id, year, quarter) DO UPDATE SET "
    "salary_cents = excluded.salary_cents, unemployment_cents = excluded.unemployment_cents, "
    "pension_cents = excluded.pension_cents, "
    "self_employment_cents = excluded.self_employment_cents, "
    "property_cents = excluded.property_cents, other_cents = excluded.other_cents, "
    "declared_on = excluded.declared_on "
    "WHERE declarations.salary_cents <> excluded.salary_cents "
    "OR declarations.unemployment_cents <> excluded.unemployment_cents "
    "OR declarations.pension_cents <> excluded.pension_cents "
    "OR declarations.self_employment_cents <> excluded.self_employment_cents "
    "OR declarations.property_cents <> excluded.property_cents "
    "OR declarations.other_cents <> excluded.other_cents "
    "OR declarations.declared_on <> excluded.declared_on "
    "RETURNING household_id";

constexpr char kUpsertCrossCheck[] =
    "INSERT INTO cross_checks (source, reference, household_id, year, quarter, kind, category, "
    "amount_cents, persons) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (source, reference) DO UPDATE SET household_id = excluded.household_id, "
    "year = excluded.year, quarter = excluded.quarter, kind = excluded.kind, "
    "category = excluded.category, amount_cents = excluded.amount_cents, "
    "persons = excluded.persons "
    "WHERE cross_checks.household_id <> excluded.household_id "
    "OR cross_checks.year <> excluded.year OR cross_checks.quarter <> excluded.quarter "
    "OR cross_checks.kind <> excluded.kind OR cross_checks.category <> excluded.category "
    "OR cross_checks.amount_cents <> excluded.amount_cents "
    "OR cross_checks.persons <> excluded.persons "
    "RETURNING household_id";

std::vector<std::string> Unique(std::vector<std::string> ids) {
  std::set<std::string> seen(ids.begin(), ids.end());
  return {seen.begin(), seen.end()};
}

}  // namespace

absl::StatusOr<std::vector<std::string>> FileStore::UpsertHouseholds(
    storage::Transaction& tx, const std::vector<HouseholdFile>& files, absl::Time now) {
  std::vector<std::string> changed;
  for (const HouseholdFile& f : files) {
    ASSIGN_OR_RETURN(
        storage::ResultSet rs,
        tx.Query(kUpsertHousehold,
                 {NewId("hh"), f.caf_number, f.beneficiary_id, absl::StrJoin(f.member_ids, ","),
                  static_cast<int64_t>(f.member_ids.size()), f.street, f.postal_code,
                  f.commune_insee, f.country, f.tad, f.mds, f.bank_fingerprint, f.monthly_rsa_cents,
                  DayText(f.rsa_since), ContentHash(f), ToMicros(now)}));
    if (!rs.rows.empty()) changed.push_back(rs.rows[0].Text(0));
  }
  return Unique(std::move(changed));
}

absl::StatusOr<std::map<std::string, std::string>> FileStore::ResolveCafNumbers(
    storage::Transaction& tx, const std::vector<std::string>& caf_numbers) {
  std::map<std::string, std::string> out;
  constexpr size_t kChunk = 500;  // keeps the IN list well under every driver's limit
  for (size_t start = 0; start < caf_numbers.size(); start += kChunk) {
    const size_t n = std::min(kChunk, caf_numbers.size() - start);
    storage::Params params(caf_numbers.begin() + start, caf_numbers.begin() + start + n);
    ASSIGN_OR_RETURN(storage::ResultSet rs,
                     tx.Query(absl::StrCat("SELECT caf_number, id FROM households WHERE "
                                           "caf_number IN (",
                                           storage::Placeholders(n), ")"),
                              params));
    for (const storage::Row& r : rs.rows) out[r.Text(0)] = r.Text(1);
  }
  return out;
}

absl::StatusOr<std::vector<std::string>> FileStore::UpsertDeclarations(
    storage::Transaction& tx, const std::vector<DeclarationInput>& declarations) {
  std::vector<std::string> changed;
  for (const DeclarationInput& d : declarations) {
    const auto& a = d.declaration.amounts;
    ASSIGN_OR_RETURN(storage::ResultSet rs,
                     tx.Query(kUpsertDeclaration, {d.household_id, d.declaration.period.year,
                                                   d.declaration.period.quarter, a[0], a[1], a[2],
                                                   a[3], a[4], a[5], DayText(d.declared_on)}));
    if (!rs.rows.empty()) changed.push_back(rs.rows[0].Text(0));
  }
  return Unique(std::move(changed));
}

absl::StatusOr<std::vector<std::string>> FileStore::UpsertCrossChecks(
    storage::Transaction& tx, const std::vector<CrossCheckInput>& cross_checks) {
  std::vector<std::string> changed;
  for (const CrossCheckInput& c : cross_checks) {
    const CrossCheck& f = c.fact;
    ASSIGN_OR_RETURN(storage::ResultSet rs,
                     tx.Query(kUpsertCrossCheck,
                              {FactSourceName(f.source), c.reference, c.household_id, f.period.year,
                               f.period.quarter, FactKindName(f.kind),
                               f.kind == FactKind::kIncome ? IncomeCategoryName(f.category) : "",
                               f.amount_cents, f.persons}));
    if (!rs.rows.empty()) changed.push_back(rs.rows[0].Text(0));
  }
  return Unique(std::move(changed));
}

absl::Status FileStore::MarkDirty(storage::Transaction& tx,
                                  const std::vector<std::string>& household_ids) {
  for (const std::string& id : household_ids) {
    RETURN_IF_ERROR(tx.Exec("INSERT INTO dirty_households (household_id, mark) VALUES (?, 1) "
                            "ON CONFLICT (household_id) DO UPDATE SET mark = "
                            "dirty_households.mark + 1",
                            {id})
                        .status());
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<HouseholdFile>> FileStore::GetHousehold(storage::Transaction& tx,
                                                                     const std::string& id) {
  ASSIGN_OR_RETURN(
      storage::ResultSet rs,
      tx.Query("SELECT id, caf_number, beneficiary_id, member_ids, street, postal_code, "
               "commune_insee, country, tad, mds, bank_fingerprint, monthly_rsa_cents, rsa_since "
               "FROM households WHERE id = ?",
               {id}));
  if (rs.rows.empty()) return std::nullopt;
  const storage::Row& r = rs.rows[0];
  HouseholdFile f;
  f.id = r.Text(0);
  f.caf_number = r.Text(1);
  f.beneficiary_id = r.Text(2);
  f.member_ids = absl::StrSplit(r.Text(3), ',', absl::SkipEmpty());
  f.street = r.Text(4);
  f.postal_code = r.Text(5);
  f.commune_insee = r.Text(6);
  f.country = r.Text(7);
  f.tad = r.Text(8);
  f.mds = r.Text(9);
  f.bank_fingerprint = r.Text(10);
  f.monthly_rsa_cents = r.Int(11);
  f.rsa_since = ParseDayText(r.Text(12)).value_or(absl::CivilDay());
  return f;
}

absl::StatusOr<std::vector<DeclarationInput>> FileStore::ListDeclarations(
    storage::Transaction& tx, const std::string& household_id) {
  ASSIGN_OR_RETURN(
      storage::ResultSet rs,
      tx.Query("SELECT year, quarter, salary_cents, unemployment_cents, pension_cents, "
               "self_employment_cents, property_cents, other_cents, declared_on "
               "FROM declarations WHERE household_id = ? ORDER BY year, quarter",
               {household_id}));
  std::vector<DeclarationInput> out;
  for (const storage::Row& r : rs.rows) {
    DeclarationInput d;
    d.household_id = household_id;
    d.declaration.period = {static_cast<int>(r.Int(0)), static_cast<int>(r.Int(1))};
    for (int c = 0; c < kIncomeCategoryCount; ++c) d.declaration.amounts[c] = r.Int(2 + c);
    d.declared_on = ParseDayText(r.Text(8)).value_or(absl::CivilDay());
    out.push_back(std::move(d));
  }
  return out;
}

absl::StatusOr<std::vector<CrossCheckInput>> FileStore::ListCrossChecks(
    storage::Transaction& tx, const std::string& household_id) {
  ASSIGN_OR_RETURN(
      storage::ResultSet rs,
      tx.Query("SELECT source, reference, year, quarter, kind, category, amount_cents, persons "
               "FROM cross_checks WHERE household_id = ? ORDER BY year, quarter, source, reference",
               {household_id}));
  std::vector<CrossCheckInput> out;
  for (const storage::Row& r : rs.rows) {
    CrossCheckInput c;
    c.household_id = household_id;
    c.reference = r.Text(1);
    c.fact.source = ParseFactSource(r.Text(0)).value_or(FactSource::kCnav);
    c.fact.period = {static_cast<int>(r.Int(2)), static_cast<int>(r.Int(3))};
    c.fact.kind = ParseFactKind(r.Text(4)).value_or(FactKind::kIncome);
    c.fact.category = ParseIncomeCategory(r.Text(5)).value_or(IncomeCategory::kOther);
    c.fact.amount_cents = r.Int(6);
    c.fact.persons = static_cast<int>(r.Int(7));
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace parcours::fraud
