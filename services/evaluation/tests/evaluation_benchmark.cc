// Benchmark (not a test): projects 1,000,000 synthetic events through the same decoding
// and projection writer the consumers use, in batches of 256 per transaction like a
// FeedConsumer, into a SQLite file (or DATABASE_URL), then computes the whole bilan, a
// year of cohorts and the offers.
//
//   build/release/services/evaluation/evaluation_benchmark [events] [database-url]
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libs/runtime/service_runtime.h"
#include "libs/storage/migrations.h"
#include "parcours/evaluation/v1/source_payloads.pb.h"
#include "services/evaluation/evaluation_server.h"
#include "services/evaluation/projection/feed_projection.h"
#include "services/evaluation/store/selectors.h"
#include "tools/loadgen/bench_record.h"

namespace parcours::evaluation {
namespace {

common::v1::Date DateOf(absl::CivilDay d) {
  common::v1::Date out;
  out.set_year(static_cast<int32_t>(d.year()));
  out.set_month(d.month());
  out.set_day(d.day());
  return out;
}

// One person's events, in feed order per feed: (feed, event).
struct Generator {
  std::minstd_rand rng{7};
  int64_t person = 0;
  std::map<std::string, int64_t> sequence;

  events::v1::Event Envelope(const std::string& feed, const std::string& type,
                             const std::string& aggregate, const std::string& who,
                             const std::string& tad, absl::CivilDay day,
                             const google::protobuf::Message& payload) {
    events::v1::Event e;
    e.set_sequence(++sequence[feed]);
    e.set_type(type);
    e.set_aggregate_id(aggregate);
    e.set_beneficiary_id(who);
    e.set_tad(tad);
    e.mutable_occurred_at()->set_seconds(
        absl::ToUnixSeconds(absl::FromCivil(absl::CivilSecond(day) + 43200, absl::UTCTimeZone())));
    e.mutable_payload()->PackFrom(payload);
    return e;
  }

  void Next(std::vector<std::pair<std::string, events::v1::Event>>& out) {
    static const char* kTads[] = {"TAD-NORD-OUEST", "TAD-NORD-EST", "TAD-CENTRE",
                                  "TAD-EST",        "TAD-SUD-EST",  "TAD-SUD-OUEST"};
    const std::string who = absl::StrCat("ben_", ++person);
    const std::string tad = kTads[rng() % 6];
    const absl::CivilDay entry = absl::CivilDay(2022, 1, 1) + static_cast<int>(rng() % 1000);
    v1::ExpectedBeneficiaryEntered entered;
    *entered.mutable_entry_date() = DateOf(entry);
    entered.set_subject_to_rights_and_duties(rng() % 5 != 0);
    out.push_back({"orientation", Envelope("orientation", "orientation.beneficiary.entered", who,
                                           who, tad, entry, entered)});
    v1::ExpectedBeneficiaryChanged none;
    out.push_back({"orientation", Envelope("orientation", "orientation.beneficiary.convened",
                                           who + "c", who, tad, entry + 7, none)});
    v1::ExpectedBeneficiaryOriented oriented;
    oriented.set_type(1 + static_cast<int>(rng() % 3));
    *oriented.mutable_entry_date() = DateOf(entry);
    const absl::CivilDay on = entry + static_cast<int>(8 + rng() % 50);
    out.push_back({"orientation", Envelope("orientation", "orientation.beneficiary.oriented", who,
                                           who, tad, on, oriented)});
    v1::ExpectedContractChanged contract;
    contract.set_kind(1 + static_cast<int>(rng() % 5));
    out.push_back({"contracts", Envelope("contracts", "contracts.contract.activated", "k" + who,
                                         who, tad, on + static_cast<int>(rng() % 60), contract)});
    v1::ExpectedPrescriptionEvent p;
    p.set_offer_id(absl::StrCat("off_", rng() % 500));
    p.set_pdi_fiche(absl::StrCat("3-", 1 + rng() % 14));
    for (const char* what : {"created", "accepted", "started"}) {
      out.push_back(
          {"catalogue", Envelope("catalogue", absl::StrCat("catalogue.prescription.", what),
                                 "p" + who, who, tad, on + 10, p)});
    }
    p.set_outcome(1 + static_cast<int>(rng() % 7));
    p.set_positive_exit(p.outcome() <= 5);
    out.push_back({"catalogue", Envelope("catalogue", "catalogue.prescription.completed", "p" + who,
                                         who, tad, on + 90, p)});
    if (rng() % 10 == 0) {
      v1::ExpectedCaseEvent c;
      c.set_status(4);
      c.set_overpayment_cents(100000);
      c.set_recovered_cents(static_cast<int64_t>(rng() % 100000));
      out.push_back(
          {"fraud", Envelope("fraud", "fraud.case.opened", "c" + who, who, tad, entry + 100, c)});
    }
    v1::ExpectedBeneficiaryExited exited;
    *exited.mutable_exit_date() = DateOf(entry + 400);
    exited.set_reason(1 + static_cast<int>(rng() % 2));
    out.push_back({"orientation", Envelope("orientation", "orientation.beneficiary.exited", who,
                                           who, tad, entry + 400, exited)});
  }
};

int Run(int64_t events, const std::string& url) {
  storage::DatabaseOptions options;
  options.url = url;
  options.statement_timeout = absl::Minutes(10);
  auto db = storage::OpenDatabase(options);
  if (!db.ok()) {
    std::fprintf(stderr, "database: %s\n", db.status().ToString().c_str());
    return 1;
  }
  if (absl::Status s = storage::ApplyMigrations(**db, runtime::AllMigrations(Migrations()));
      !s.ok()) {
    std::fprintf(stderr, "migrations: %s\n", s.ToString().c_str());
    return 1;
  }
  std::map<std::string, std::unique_ptr<FeedProjection>> projections;
  for (const char* f : {"catalogue", "orientation", "contracts", "fraud"}) {
    projections[f] = std::make_unique<FeedProjection>(f);
  }
  Generator gen;
  std::vector<std::pair<std::string, events::v1::Event>> pending;
  int64_t done = 0;
  const absl::Time start = absl::Now();
  const std::clock_t cpu_start = std::clock();
  while (done < events) {
    pending.clear();
    while (static_cast<int64_t>(pending.size()) < 256) gen.Next(pending);
    absl::Status s = (*db)->InTransaction([&](storage::Transaction& tx) -> absl::Status {
      for (const auto& [feed, e] : pending) {
        if (absl::Status a = projections[feed]->Apply(tx, e); !a.ok()) return a;
      }
      return absl::OkStatus();
    });
    if (!s.ok()) {
      std::fprintf(stderr, "projection: %s\n", s.ToString().c_str());
      return 1;
    }
    done += static_cast<int64_t>(pending.size());
  }
  const double projected_s = absl::ToDoubleSeconds(absl::Now() - start);
  const double cpu_s = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  std::printf("projected %lld events (%lld beneficiaries) in %.1f s: %.0f events/s (CPU %.1f s)\n",
              static_cast<long long>(done), static_cast<long long>(gen.person), projected_s,
              static_cast<double>(done) / projected_s, cpu_s);
  loadgen::PrintBenchRecord(
      {.name = absl::StrCat("evaluation projection ", done, " events"),
       .value = static_cast<double>(done) / projected_s,
       .unit = "events/s",
       .note = absl::StrCat(url.substr(0, url.find(':')),
                            ", batches of 256 per transaction like a FeedConsumer; CPU ", cpu_s,
                            " s of ", projected_s, " s")});

  EvaluationConfig config;
  config.pacte_json = DefaultPacteJson();
  config.indicators_json = DefaultIndicatorsJson();
  auto catalog = LoadCatalog(config.pacte_json, config.indicators_json, ValidateSelector);
  if (!catalog.ok()) return 1;
  Evaluator evaluator(**db, *catalog, config, Clock::Real());
  for (int year : {2022, 2023, 2024}) {
    const absl::Time t = absl::Now();
    const std::clock_t c = std::clock();
    auto bilan = evaluator.Bilan(Period::Year(year), "", TerritoryScope{});
    if (!bilan.ok()) {
      std::fprintf(stderr, "bilan: %s\n", bilan.status().ToString().c_str());
      return 1;
    }
    int indicators = 0;
    for (const FicheResult& f : bilan->fiches) indicators += static_cast<int>(f.indicators.size());
    const double bilan_s = absl::ToDoubleSeconds(absl::Now() - t);
    std::printf("bilan %d (32 fiches, %d indicators, 6 TADs): %.2f s (CPU %.2f s)\n", year,
                indicators, bilan_s, static_cast<double>(std::clock() - c) / CLOCKS_PER_SEC);
    loadgen::PrintBenchRecord(
        {.name = absl::StrCat("evaluation bilan ", year, " over the projection"),
         .value = bilan_s,
         .unit = "s",
         .note = absl::StrCat(indicators, " indicators")});
  }
  absl::Time t = absl::Now();
  auto cohorts =
      evaluator.Cohorts(absl::CivilMonth(2023, 1), absl::CivilMonth(2023, 12), TerritoryScope{});
  std::printf("cohorts 2023 (12 months): %.2f s (%s)\n", absl::ToDoubleSeconds(absl::Now() - t),
              cohorts.ok() ? "ok" : cohorts.status().ToString().c_str());
  t = absl::Now();
  auto offers =
      evaluator.Offers({.year = 2023, .page_size = 500, .after_offer_id = ""}, TerritoryScope{});
  std::printf("offers 2023 (one page of 500): %.2f s (%s)\n",
              absl::ToDoubleSeconds(absl::Now() - t),
              offers.ok() ? "ok" : offers.status().ToString().c_str());
  loadgen::PrintBenchRecord({.name = "evaluation projection RSS (in process)",
                             .value = loadgen::ResidentMb(getpid()),
                             .unit = "MB"});
  return 0;
}

}  // namespace
}  // namespace parcours::evaluation

int main(int argc, char** argv) {
  const int64_t events = argc > 1 ? std::atoll(argv[1]) : 1000000;
  const std::string url =
      argc > 2 ? argv[2] : "sqlite:///tmp/evaluation_benchmark_" + std::to_string(getpid()) + ".db";
  const int rc = parcours::evaluation::Run(events, url);
  if (argc <= 2) std::remove(url.substr(std::string("sqlite://").size()).c_str());
  return rc;
}
