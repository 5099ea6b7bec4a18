#include "services/fraud/tests/synthetic.h"

#include <random>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "libs/common/status_macros.h"
#include "libs/storage/placeholders.h"
#include "services/fraud/domain/scoring.h"
#include "services/fraud/store/sql_util.h"

namespace parcours::fraud {
namespace {

constexpr int64_t kPerTransaction = 5000;
constexpr size_t kRowsPerStatement = 100;

// Buffers rows of one table and writes them kRowsPerStatement at a time.
class RowWriter {
 public:
  RowWriter(std::string prefix, size_t columns) : prefix_(std::move(prefix)), columns_(columns) {}
  absl::Status Add(storage::Transaction& tx, storage::Params row) {
    for (auto& p : row) params_.push_back(std::move(p));
    if (++rows_ == kRowsPerStatement) return Flush(tx);
    return absl::OkStatus();
  }
  absl::Status Flush(storage::Transaction& tx) {
    if (rows_ == 0) return absl::OkStatus();
    absl::Status s =
        tx.Exec(absl::StrCat(prefix_, storage::RowPlaceholders(rows_, columns_)), params_).status();
    params_.clear();
    rows_ = 0;
    return s;
  }

 private:
  std::string prefix_;
  size_t columns_;
  storage::Params params_;
  size_t rows_ = 0;
};

}  // namespace

absl::StatusOr<bool> SyntheticContracts::HasHadContractSince(const std::string& beneficiary_id,
                                                             absl::CivilDay) {
  int64_t n = 0;
  if (beneficiary_id.size() < 5 || !absl::SimpleAtoi(beneficiary_id.substr(4), &n)) return false;
  return n % 10 != 0;
}

absl::StatusOr<SyntheticCounts> GenerateSynthetic(storage::Database& db, int64_t households,
                                                  uint32_t seed, absl::CivilDay as_of) {
  const std::vector<Quarter> window = LookbackWindow(as_of, 4);
  const Quarter& last = window.back();
  const std::string declared_on = DayText(absl::CivilDay(last.year, last.quarter * 3, 20));
  std::mt19937 rng(seed);
  auto chance = [&](int percent) { return static_cast<int>(rng() % 100) < percent; };
  SyntheticCounts n;
  const char* tads[] = {"TAD-NORD-OUEST", "TAD-NORD-EST", "TAD-CENTRE",
                        "TAD-EST",        "TAD-SUD-EST",  "TAD-SUD-OUEST"};
  for (int64_t start = 0; start < households; start += kPerTransaction) {
    RETURN_IF_ERROR(db.InTransaction([&](storage::Transaction& tx) -> absl::Status {
      RowWriter h(
          "INSERT INTO households (id, caf_number, beneficiary_id, member_ids, persons, "
          "street, postal_code, commune_insee, country, tad, mds, bank_fingerprint, "
          "monthly_rsa_cents, rsa_since, content_hash, updated_at_us) VALUES ",
          16);
      RowWriter d(
          "INSERT INTO declarations (household_id, year, quarter, salary_cents, "
          "unemployment_cents, pension_cents, self_employment_cents, property_cents, "
          "other_cents, declared_on) VALUES ",
          10);
      RowWriter c(
          "INSERT INTO cross_checks (source, reference, household_id, year, quarter, "
          "kind, category, amount_cents, persons) VALUES ",
          9);
      const int64_t end = std::min(households, start + kPerTransaction);
      for (int64_t i = start; i < end; ++i) {
        const std::string id = absl::StrFormat("hh_%010d", i);
        const int persons = 1 + static_cast<int>(rng() % 4);
        const std::string fingerprint =
            chance(1) ? absl::StrCat("shared_", rng() % 2000) : absl::StrCat("fp_", i);
        // Rights opened over the sixteen years before as_of: nearly half are older than the
        // long-RSA rule's ten years.
        const int since_year = static_cast<int>(as_of.year()) - 16 + static_cast<int>(rng() % 16);
        RETURN_IF_ERROR(h.Add(tx, {id, absl::StrCat(10000000 + i), absl::StrCat("ben_", i),
                                   absl::StrCat("m", i), persons, "1 rue X", "91000", "91228",
                                   chance(1) ? "BE" : "FR", tads[i % 6], "MDS-EVRY", fingerprint,
                                   60000, absl::StrFormat("%04d-03-01", since_year), "h", 0}));
        const bool misses = chance(3);
        int64_t declared[5] = {};
        for (int q = 1; q <= 4; ++q) {
          if (misses && q % 2 == 0) continue;
          declared[q] = chance(30) ? static_cast<int64_t>(rng() % 150000) : 0;
          const Quarter& p = window[q - 1];
          RETURN_IF_ERROR(
              d.Add(tx, {id, p.year, p.quarter, declared[q], 0, 0, 0, 0, 0, declared_on}));
          ++n.declarations;
        }
        // Wages seen by payroll for the quarters declared with wages; a few files more.
        for (int q = 1; q <= 4; ++q) {
          if (declared[q] == 0 && !chance(8)) continue;
          const int64_t seen =
              declared[q] + (chance(20) ? static_cast<int64_t>(rng() % 100000) : 0);
          const Quarter& p = window[q - 1];
          RETURN_IF_ERROR(c.Add(tx, {"payroll", absl::StrCat("dsn_", i, "_", q), id, p.year,
                                     p.quarter, "income", "salary", seen, 0}));
          ++n.cross_checks;
        }
        if (chance(5)) {
          RETURN_IF_ERROR(
              c.Add(tx, {"dgfip", absl::StrCat("tax_", i), id, window[1].year, window[1].quarter,
                         "persons_in_household", "", 0, chance(50) ? persons : persons + 1}));
          ++n.cross_checks;
        }
        if (chance(1)) {
          RETURN_IF_ERROR(c.Add(tx, {"postal", absl::StrCat("mail_", i), id, window[2].year,
                                     window[2].quarter, "mail_returned", "", 0, 0}));
          ++n.cross_checks;
        }
      }
      RETURN_IF_ERROR(h.Flush(tx));
      RETURN_IF_ERROR(d.Flush(tx));
      return c.Flush(tx);
    }));
    n.households = std::min(households, start + kPerTransaction);
  }
  return n;
}

}  // namespace parcours::fraud
