// Benchmark (not a test): scores N synthetic household files (default 1,000,000, each
// with four quarters of declarations and its cross-checks) and prints files per second
// beside a plain scan of the same rows in the same run, their ratio (target >= 0.5), and
// the peak resident memory.
//
//   build/release/services/fraud/tests/fraud_scoring_benchmark [--households=N]
//       [--database-url=sqlite:///tmp/fraud_bench.db | postgresql://...] [--chunk=2000]
//       [--data-as-of=YYYY-MM-DD] [--rerun=true|false]
//
// The files are dated for the scoring window of --data-as-of (default today, the day the
// batch scores as of), so a realistic few percent of them fire rules. Another date puts
// every declaration outside the window: every file then fires declarations_missing (the
// benchmark as it was before 2026-12, whose data was dated 2024: --data-as-of=2025-01-15).
#include <sys/resource.h>

#include <cstdio>
#include <cstring>
#include <optional>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libs/common/status_macros.h"
#include "libs/events/feed_notifier.h"
#include "libs/events/outbox.h"
#include "libs/runtime/service_runtime.h"
#include "libs/storage/migrations.h"
#include "prometheus/registry.h"
#include "services/fraud/build.h"
#include "services/fraud/scoring/file_scorer.h"
#include "services/fraud/store/scoring_store.h"
#include "services/fraud/tests/synthetic.h"
#include "tools/loadgen/bench_record.h"

namespace parcours::fraud {
namespace {

std::string Flag(int argc, char** argv, const std::string& name, const std::string& fallback) {
  const std::string prefix = "--" + name + "=";
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], prefix.c_str(), prefix.size()) == 0) return argv[i] + prefix.size();
  }
  return fallback;
}

double PeakRssMb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;  // kB on Linux
}

// The baseline: the same three range queries per chunk, every row touched, nothing scored
// or written.
absl::StatusOr<int64_t> PlainScan(storage::Database& db, int chunk, int64_t* rows) {
  int64_t files = 0, checksum = 0;
  std::string after;
  while (true) {
    ASSIGN_OR_RETURN(auto tx, db.Begin(storage::TxMode::kRead));
    ASSIGN_OR_RETURN(
        storage::ResultSet h,
        tx->Query("SELECT id, beneficiary_id, persons, country, tad, bank_fingerprint, "
                  "rsa_since FROM households WHERE id > ? ORDER BY id LIMIT ?",
                  {after, chunk}));
    if (h.rows.empty()) break;
    const std::string first = h.rows.front().Text(0);
    after = h.rows.back().Text(0);
    ASSIGN_OR_RETURN(storage::ResultSet d,
                     tx->Query("SELECT household_id, year, quarter, salary_cents, "
                               "unemployment_cents, pension_cents, self_employment_cents, "
                               "property_cents, other_cents FROM declarations WHERE household_id "
                               ">= ? AND household_id <= ? ORDER BY household_id",
                               {first, after}));
    ASSIGN_OR_RETURN(storage::ResultSet c,
                     tx->Query("SELECT household_id, year, quarter, kind, category, amount_cents, "
                               "persons, source FROM cross_checks WHERE household_id >= ? AND "
                               "household_id <= ? ORDER BY household_id",
                               {first, after}));
    for (const auto& r : h.rows) checksum += r.Int(2);
    for (const auto& r : d.rows) checksum += r.Int(3);
    for (const auto& r : c.rows) checksum += r.Int(5);
    files += static_cast<int64_t>(h.rows.size());
    *rows += static_cast<int64_t>(h.rows.size() + d.rows.size() + c.rows.size());
  }
  std::printf("  (scan checksum %lld)\n", static_cast<long long>(checksum));
  return files;
}

int Run(int argc, char** argv) {
  int64_t households = 1'000'000;
  int chunk = 2000;
  if (!absl::SimpleAtoi(Flag(argc, argv, "households", "1000000"), &households) ||
      !absl::SimpleAtoi(Flag(argc, argv, "chunk", "2000"), &chunk)) {
    std::fprintf(stderr, "bad flags\n");
    return 2;
  }
  const std::string as_of_text = Flag(argc, argv, "data-as-of", "");
  absl::CivilDay data_as_of = Clock::Real().Today();
  if (!as_of_text.empty() && !absl::ParseCivilTime(as_of_text, &data_as_of)) {
    std::fprintf(stderr, "bad --data-as-of (YYYY-MM-DD): %s\n", as_of_text.c_str());
    return 2;
  }
  const std::string url =
      Flag(argc, argv, "database-url", "sqlite:///tmp/fraud_scoring_benchmark.db");
  if (url.rfind("sqlite://", 0) == 0) std::remove(url.substr(9).c_str());
  storage::DatabaseOptions options;
  options.url = url;
  options.pool_size = 4;
  options.statement_timeout = absl::Minutes(10);
  auto db = storage::OpenDatabase(options);
  if (!db.ok()) {
    std::fprintf(stderr, "%s\n", db.status().ToString().c_str());
    return 1;
  }
  if (auto s = storage::ApplyMigrations(**db, runtime::AllMigrations(Migrations())); !s.ok()) {
    std::fprintf(stderr, "%s\n", s.ToString().c_str());
    return 1;
  }
  std::printf("database %s, %lld households, chunk %d, data as of %s\n", url.c_str(),
              static_cast<long long>(households), chunk, absl::FormatCivilTime(data_as_of).c_str());
  absl::Time t0 = absl::Now();
  auto counts = GenerateSynthetic(**db, households, 42, data_as_of);
  if (!counts.ok()) {
    std::fprintf(stderr, "%s\n", counts.status().ToString().c_str());
    return 1;
  }
  std::printf(
      "generated %lld households, %lld declarations, %lld cross-checks in %.1f s\n",
      static_cast<long long>(counts->households), static_cast<long long>(counts->declarations),
      static_cast<long long>(counts->cross_checks), absl::ToDoubleSeconds(absl::Now() - t0));

  int64_t rows = 0;
  auto warm = PlainScan(**db, chunk, &rows);  // warms the page cache for both runs
  rows = 0;
  t0 = absl::Now();
  auto scanned = PlainScan(**db, chunk, &rows);
  const double scan_s = absl::ToDoubleSeconds(absl::Now() - t0);
  if (!warm.ok() || !scanned.ok()) {
    std::fprintf(stderr, "scan failed\n");
    return 1;
  }
  const double scan_rate = *scanned / scan_s;
  std::printf("plain scan:    %lld files (%lld rows) in %.2f s = %.0f files/s\n",
              static_cast<long long>(*scanned), static_cast<long long>(rows), scan_s, scan_rate);

  // Where the time goes: the same reads turned into facts and scored, nothing written.
  {
    ScoringStore store;
    std::vector<ScoringInput> inputs;
    std::string after;
    int64_t files = 0, total = 0;
    const RuleSet rules = *DefaultRuleSet();
    SyntheticContracts in_memory_contracts;
    t0 = absl::Now();
    while (true) {
      auto tx = (*db)->Begin(storage::TxMode::kRead);
      if (!tx.ok() || !store.LoadRange(**tx, after, chunk, inputs).ok() || inputs.empty()) break;
      after = inputs.back().household_id;
      for (const ScoringInput& in : inputs) {
        ScoringContext ctx{.as_of = Clock::Real().Today()};
        if (auto since = ContractCheckSince(rules, in.facts, ctx.as_of)) {
          ctx.had_contract_in_window =
              *in_memory_contracts.HasHadContractSince(in.beneficiary_id, *since);
        }
        total += ScoreHousehold(rules, in.facts, ctx).score;
      }
      files += static_cast<int64_t>(inputs.size());
    }
    const double s = absl::ToDoubleSeconds(absl::Now() - t0);
    std::printf("read + score, no writes: %lld files in %.2f s = %.0f files/s (score sum %lld)\n",
                static_cast<long long>(files), s, files / s, static_cast<long long>(total));
  }

  events::FeedNotifier notifier;
  events::Outbox outbox("fraud", notifier);
  SyntheticContracts contracts;
  prometheus::Registry registry;
  FraudMetrics metrics(registry);
  FileScorer scorer(**db, outbox, contracts, Clock::Real(),
                    std::make_shared<const RuleSet>(*DefaultRuleSet()), metrics, {});
  int64_t cases_opened = 0;  // by the last batch
  // One batch over every file, reported on a line starting with `label`; its files/s, or
  // nullopt when it failed.
  auto batch = [&](const char* label) -> std::optional<double> {
    BatchProgress last;
    const absl::Time start = absl::Now();
    absl::Status s = scorer.ScoreAll(chunk, [&](const BatchProgress& p) {
      last = p;
      return true;
    });
    const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
    if (!s.ok()) {
      std::fprintf(stderr, "%s\n", s.ToString().c_str());
      return std::nullopt;
    }
    const double rate = last.files_scored / seconds;
    std::printf(
        "%s: %lld files in %.2f s = %.0f files/s (%lld cases opened, %lld scores written)\n"
        "ratio %s/scan: %.2f (target >= 0.50)\n",
        label, static_cast<long long>(last.files_scored), seconds, rate,
        static_cast<long long>(last.cases_opened), static_cast<long long>(last.scores_written),
        label, rate / scan_rate);
    cases_opened = last.cases_opened;
    return rate;
  };
  const std::optional<double> score_rate = batch("batch scoring");
  if (!score_rate.has_value()) return 1;
  const int64_t first_cases = cases_opened;
  // The same batch again over unchanged files (the nightly case): no score and no case
  // should be written. (--rerun=false: profiles of the first batch alone.)
  if (Flag(argc, argv, "rerun", "true") != "false" && !batch("rerun, unchanged").has_value()) {
    return 1;
  }
  std::printf("peak RSS: %.0f MB\n", PeakRssMb());
  loadgen::PrintBenchRecord({.name = absl::StrCat("fraud batch scoring ", households, " files"),
                             .value = *score_rate,
                             .unit = "files/s",
                             .baseline_name = "plain scan of the same rows",
                             .baseline = scan_rate,
                             .target = "ratio >= 0.5",
                             .note = absl::StrCat(url.substr(0, url.find(':')), ", chunk ", chunk,
                                                  ", ", first_cases, " cases opened")});
  loadgen::PrintBenchRecord(
      {.name = "fraud batch scoring peak RSS", .value = PeakRssMb(), .unit = "MB"});
  return 0;
}

}  // namespace
}  // namespace parcours::fraud

int main(int argc, char** argv) { return parcours::fraud::Run(argc, argv); }
