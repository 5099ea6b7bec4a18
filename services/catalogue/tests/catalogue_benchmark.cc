// The catalogue benchmark (not a test): loads 10,000 published offers into a fresh SQLite
// database, starts the real catalogue binary over it (Redis cache on), and measures, against
// the echo baseline measured in the same run, GetOffer (cached) and SearchOffers at
// concurrency 16 and 64. Prints QPS, p99 and the ratios to echo.
//
//   catalogue_benchmark [--duration=5s] [--offers=10000]
//
// Redis: PARCOURS_TEST_REDIS_URL when set, else a redis-server this benchmark starts.
// Targets (issue 3): GetOffer >= 60% of echo QPS; SearchOffers >= 40% with p99 < 5 ms.
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "libs/auth/token_verifier.h"
#include "libs/events/event_migrations.h"
#include "libs/runtime/service_runtime.h"
#include "libs/storage/database.h"
#include "libs/storage/migrations.h"
#include "libs/testing/http_get.h"
#include "libs/testing/subprocess.h"
#include "parcours/catalogue/v1/catalogue.pb.h"
#include "parcours/echo/v1/echo.pb.h"
#include "services/catalogue/domain/reference_data.h"
#include "services/catalogue/store/schema.h"
#include "services/catalogue/store/sql_catalogue_store.h"
#include "tools/loadgen/load_generator.h"

namespace parcours::catalogue {
namespace {

namespace fs = std::filesystem;

class NoEvents final : public EventSink {
 public:
  void Stage(storage::Transaction&, parcours::events::v1::Event) override {}
};

const char* const kWords[] = {"permis",    "mobilité",       "logement", "numérique", "emploi",
                              "formation", "santé",          "garde",    "enfants",   "budget",
                              "atelier",   "insertion",      "cv",       "entretien", "français",
                              "chantier",  "accompagnement", "droits",   "véhicule",  "bénévolat"};

// A vocabulary of the 20 words above and 300 made-up ones, so that a query word matches a
// realistic share of the offers (a word of the 20 is in roughly one offer in eight).
std::vector<std::string> Vocabulary() {
  std::vector<std::string> words(std::begin(kWords), std::end(kWords));
  const char* syllables[] = {"ba",  "ro", "ti", "vel", "mon", "ca", "dre", "lu", "pa",  "sen",
                             "gor", "mi", "fa", "to",  "ren", "li", "que", "sa", "dou", "ne"};
  for (int i = 0; words.size() < 320; ++i) {
    words.push_back(
        absl::StrCat(syllables[i % 20], syllables[(i / 20) % 20], syllables[(i * 7 + 3) % 20]));
  }
  return words;
}

// Writes `n` published offers; returns their ids.
absl::StatusOr<std::vector<std::string>> Load(const std::string& url, int n) {
  absl::StatusOr<std::unique_ptr<storage::Database>> db = storage::OpenDatabase({.url = url});
  if (!db.ok()) return db.status();
  if (absl::Status s = storage::ApplyMigrations(**db, runtime::AllMigrations(Migrations()));
      !s.ok()) {
    return s;
  }
  NoEvents events;
  NoChangeObserver observer;
  const ReferenceData& ref = DefaultReferenceData();
  SqlCatalogueStore store(**db, events, observer, Clock::Real(), ref);
  v1::Structure s;
  s.set_name("Structure de test");
  s.set_kind(v1::STRUCTURE_KIND_ASSOCIATION);
  absl::StatusOr<v1::Structure> structure = store.CreateStructure("bench-structure", s);
  if (!structure.ok()) return structure.status();
  std::mt19937 rng(42);
  std::vector<std::string> thematiques;
  for (const char* t : {"mobilite--preparer-un-permis", "numerique--acquerir-un-equipement",
                        "logement-hebergement--louer-un-logement", "sante--acces-aux-soins",
                        "trouver-un-emploi--repondre-a-des-offres-demploi",
                        "famille--garde-denfants", "se-former--trouver-sa-formation"}) {
    thematiques.push_back(t);
  }
  const std::vector<std::string> tads = {"TAD-CENTRE",     "TAD-EST",     "TAD-NORD-EST",
                                         "TAD-NORD-OUEST", "TAD-SUD-EST", "TAD-SUD-OUEST"};
  const std::vector<std::string> vocabulary = Vocabulary();
  std::vector<std::string> ids;
  for (int i = 0; i < n; ++i) {
    v1::Offer o;
    o.set_structure_id(structure->id());
    const auto word = [&] { return vocabulary[rng() % vocabulary.size()]; };
    o.set_title(absl::StrCat(word(), " ", word(), " ", i));
    o.set_summary(absl::StrCat(word(), " et ", word()));
    std::string description;
    for (int w = 0; w < 40; ++w) absl::StrAppend(&description, word(), " ");
    o.set_description(description);
    o.add_thematiques(thematiques[rng() % thematiques.size()]);
    o.set_type("accompagnement");
    o.add_publics("beneficiaires-des-minimas-sociaux");
    o.mutable_territories()->add_tads(tads[rng() % tads.size()]);
    o.mutable_eligibility()->set_max_age(rng() % 2 ? 0 : 30);
    absl::StatusOr<v1::Offer> created = store.CreateOffer(absl::StrCat("bench-", i), o);
    if (!created.ok()) return created.status();
    absl::StatusOr<v1::Offer> published =
        store.ChangeOfferStatus(created->id(), 1, OfferAction::kPublish);
    if (!published.ok()) return published.status();
    ids.push_back(created->id());
  }
  return ids;
}

std::string Arg(int argc, char** argv, const std::string& name, const std::string& fallback) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind(name + "=", 0) == 0) return a.substr(name.size() + 1);
  }
  return fallback;
}

int Run(int argc, char** argv) {
  absl::Duration duration;
  if (!absl::ParseDuration(Arg(argc, argv, "--duration", "5s"), &duration)) return 2;
  const int n = std::atoi(Arg(argc, argv, "--offers", "10000").c_str());
  const bool two_cores = sysconf(_SC_NPROCESSORS_ONLN) > 1;
  const fs::path dir = fs::temp_directory_path() / absl::StrCat("catalogue-bench-", getpid());
  fs::create_directories(dir);
  const std::string db_url = absl::StrCat("sqlite://", (dir / "catalogue.db").string());

  const absl::Time load_start = absl::Now();
  absl::StatusOr<std::vector<std::string>> ids = Load(db_url, n);
  if (!ids.ok()) {
    std::cerr << "load: " << ids.status() << "\n";
    return 1;
  }
  std::cout << "loaded " << n << " published offers in " << (absl::Now() - load_start) << "\n";

  // Tokens: one caller (admin) and the replica's own feed identity.
  {
    std::ofstream tokens(dir / "tokens.json");
    tokens << "[{\"sha256\": \"" << auth::Sha256Hex("bench-admin")
           << "\", \"subject\": \"bench\", \"roles\": [\"admin\"], \"territories\": [\"*\"]},"
           << " {\"sha256\": \"" << auth::Sha256Hex("bench-feed")
           << "\", \"subject\": \"catalogue\", \"roles\": [\"service:catalogue\"],"
              " \"territories\": [\"*\"]}]";
  }

  std::string redis_url = std::getenv("PARCOURS_TEST_REDIS_URL") != nullptr
                              ? std::getenv("PARCOURS_TEST_REDIS_URL")
                              : "";
  std::unique_ptr<testutil::Subprocess> redis;
  if (redis_url.empty()) {
    const int port = testutil::FreeLoopbackPort();
    redis = std::make_unique<testutil::Subprocess>(
        std::vector<std::string>{"redis-server", "--bind", "127.0.0.1", "--port",
                                 std::to_string(port), "--save", "", "--appendonly", "no"});
    if (!redis->Start().ok()) return 1;
    absl::SleepFor(absl::Milliseconds(500));
    redis_url = absl::StrCat("redis://127.0.0.1:", port);
  }

  const auto pinned = [&](std::vector<std::string> args) {
    if (two_cores) args.insert(args.begin(), {"/usr/bin/taskset", "-c", "0"});
    return args;
  };
  const auto load = [&](int port, const std::string& method, std::vector<std::string> requests,
                        int c, const std::string& token) {
    loadgen::LoadOptions o;
    o.target = absl::StrCat("127.0.0.1:", port);
    o.method = method;
    o.requests = std::move(requests);
    o.concurrency = c;
    o.duration = duration;
    o.bearer_token = token;
    o.cpu = two_cores ? 1 : -1;
    return loadgen::RunLoad(o);
  };

  // Echo baseline, same bootstrap and pinning.
  std::map<int, loadgen::LoadResult> echo;
  {
    testutil::Subprocess server(pinned({PARCOURS_BIN_ECHO_SERVER, "--metrics-address="}));
    if (!server.Start().ok()) return 1;
    std::optional<std::string> line = server.WaitForLine("\"listening\"", absl::Seconds(20));
    if (!line) return 1;
    echo::v1::EchoRequest req;
    req.set_payload(std::string(64, 'x'));
    for (int c : {16, 64}) {
      echo[c] = load(testutil::JsonIntField(*line, "grpc_port"), "/parcours.echo.v1.Echo/Echo",
                     {req.SerializeAsString()}, c, "");
    }
    server.Signal(SIGTERM);
    server.Wait(absl::Seconds(10));
  }

  testutil::Subprocess catalogue(pinned(
      {PARCOURS_BIN_CATALOGUE, "--grpc-address=127.0.0.1:0", "--database-url=" + db_url,
       "--metrics-address=127.0.0.1:0", "--redis-url=" + redis_url,
       "--auth-tokens-file=" + (dir / "tokens.json").string(), "--service-token=bench-feed"}));
  if (!catalogue.Start().ok()) return 1;
  std::optional<std::string> listening = catalogue.WaitForLine("\"listening\"", absl::Seconds(30));
  std::optional<std::string> loaded =
      catalogue.WaitForLine("search index loaded", absl::Seconds(120));
  if (!listening || !loaded) {
    for (const std::string& l : catalogue.lines()) std::cerr << l << "\n";
    return 1;
  }
  const int port = testutil::JsonIntField(*listening, "grpc_port");

  std::vector<std::string> gets;
  for (size_t i = 0; i < 500 && i < ids->size(); ++i) {
    v1::GetOfferRequest r;
    r.set_id((*ids)[i * ids->size() / 500]);
    gets.push_back(r.SerializeAsString());
  }
  std::vector<std::string> searches;
  for (const char* q : {"permis", "mobilite", "logement", "numerique emploi", "formation ate",
                        "garde enfants", "sante", "cv entretien"}) {
    v1::SearchOffersRequest r;
    r.set_query(q);
    r.set_page_size(10);
    searches.push_back(r.SerializeAsString());
    r.set_territory("91228");
    r.mutable_eligible_for()->set_age(40);
    searches.push_back(r.SerializeAsString());
  }
  // Warm the cache (every GetOffer request once).
  load(port, "/parcours.catalogue.v1.Catalogue/GetOffer", gets, 4, "bench-admin");

  const auto report = [&](const std::string& label, const loadgen::LoadResult& r,
                          const loadgen::LoadResult& base, double target) {
    const double ratio = base.qps > 0 ? r.qps / base.qps : 0;
    std::cout << loadgen::FormatResult(label, r) << "  | " << static_cast<int>(ratio * 100)
              << "% of echo (target >= " << static_cast<int>(target * 100) << "%)\n";
  };
  for (int c : {16, 64}) {
    std::cout << loadgen::FormatResult(absl::StrCat("echo c=", c), echo[c]) << "\n";
    report(absl::StrCat("GetOffer cached c=", c),
           load(port, "/parcours.catalogue.v1.Catalogue/GetOffer", gets, c, "bench-admin"), echo[c],
           0.6);
    loadgen::LoadResult search =
        load(port, "/parcours.catalogue.v1.Catalogue/SearchOffers", searches, c, "bench-admin");
    report(absl::StrCat("SearchOffers c=", c), search, echo[c], 0.4);
    std::cout << "  SearchOffers c=" << c << " p99 " << search.p99_ms << " ms (target < 5 ms)\n";
  }
  // What the cache did meanwhile (hits, misses, errors, breaker), from the replica itself.
  if (absl::StatusOr<testutil::HttpResponse> m = testutil::HttpGet(
          "127.0.0.1", testutil::JsonIntField(*listening, "metrics_port"), "/metrics");
      m.ok()) {
    for (absl::string_view line : absl::StrSplit(m->body, '\n')) {
      if (absl::StartsWith(line, "parcours_cache_requests_total") ||
          absl::StartsWith(line, "parcours_cache_breaker_transitions_total")) {
        std::cout << "  " << line << "\n";
      }
    }
  }
  catalogue.Signal(SIGTERM);
  catalogue.Wait(absl::Seconds(15));
  if (redis) {
    redis->Signal(SIGTERM);
    redis->Wait(absl::Seconds(5));
  }
  fs::remove_all(dir);
  return 0;
}

}  // namespace
}  // namespace parcours::catalogue

int main(int argc, char** argv) { return parcours::catalogue::Run(argc, argv); }
