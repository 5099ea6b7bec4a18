// Benchmark (not a test): a 100,000-record CAF flow imported over the real ImportCafFlow
// RPC (loopback gRPC, auth interceptor, validation, batched transactions with import keys
// and outbox events), beside a raw batched INSERT of the same beneficiary and identity
// rows into a fresh schema, in the same run, on SQLite and on PostgreSQL.
//
//   build/release/services/orientation/caf_import_benchmark [records [batch [repetitions]]]
//   PARCOURS_TEST_POSTGRES_URL=postgresql://… adds the PostgreSQL figures.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "grpcpp/create_channel.h"
#include "libs/auth/token_verifier.h"
#include "libs/common/ids.h"
#include "libs/server/service_host.h"
#include "libs/storage/migrations.h"
#include "services/orientation/authorization.h"
#include "services/orientation/default_data.h"
#include "services/orientation/events/orientation_events.h"
#include "services/orientation/proto_mapping.h"
#include "services/orientation/service.h"
#include "services/orientation/store/migrations.h"
#include "services/orientation/store/sql_orientation_store.h"
#include "services/orientation/store/sql_rows.h"
#include "tools/loadgen/bench_record.h"

namespace po = parcours::orientation;
namespace storage = parcours::storage;

namespace {

const absl::Time kNow =
    absl::FromCivil(absl::CivilSecond(2024, 6, 3, 10, 0, 0), absl::UTCTimeZone());

std::vector<po::CafRecord> MakeFlow(int n, const po::TerritoryMap& map) {
  std::vector<std::string> communes = {"91228", "91174", "91021", "91377", "91223", "91589"};
  std::vector<po::CafRecord> out;
  out.reserve(n);
  for (int i = 0; i < n; ++i) {
    po::CafRecord r;
    r.kind = po::CafRecordKind::kEntrant;
    r.caf_number = absl::StrFormat("%07d", 1000000 + i);
    r.event_date = absl::CivilDay(2024, 1, 1) + (i % 150);
    r.last_name = absl::StrCat("Nom", i);
    r.first_name = absl::StrCat("Prenom", i);
    r.birth_date = absl::CivilDay(1960 + i % 40, 1 + i % 12, 1 + i % 28);
    r.commune_insee = communes[i % communes.size()];
    r.address_line = absl::StrCat(i % 200, " rue de la République");
    r.phone = absl::StrFormat("06%08d", i);
    r.email = absl::StrCat("p", i, "@example.org");
    r.subject_to_rights_and_duties = i % 5 != 0;
    if (!map.ForCommune(r.commune_insee)) std::abort();
    out.push_back(std::move(r));
  }
  return out;
}

// A fresh database: a file in a temporary folder, or a new schema on PostgreSQL.
struct BenchDb {
  std::unique_ptr<storage::Database> db;
  std::unique_ptr<storage::Database> admin;
  std::string schema, dir;
  ~BenchDb() {
    db.reset();
    if (admin) {
      (void)admin->InTransaction([&](storage::Transaction& tx) {
        return tx.ExecScript(absl::StrCat("DROP SCHEMA ", schema, " CASCADE"));
      });
    }
    if (!dir.empty()) std::filesystem::remove_all(dir);
  }
};

std::unique_ptr<BenchDb> Fresh(const std::string& driver) {
  auto b = std::make_unique<BenchDb>();
  storage::DatabaseOptions options;
  options.statement_timeout = absl::Seconds(120);
  if (driver == "sqlite") {
    b->dir = absl::StrCat(std::filesystem::temp_directory_path().string(), "/",
                          parcours::NewId("bench"));
    std::filesystem::create_directories(b->dir);
    options.url = absl::StrCat("sqlite://", b->dir, "/bench.db");
  } else {
    const std::string base = std::getenv("PARCOURS_TEST_POSTGRES_URL");
    b->schema = absl::AsciiStrToLower(parcours::NewId("bench"));
    storage::DatabaseOptions admin;
    admin.url = base;
    admin.pool_size = 1;
    b->admin = *storage::OpenDatabase(admin);
    if (!b->admin
             ->InTransaction([&](storage::Transaction& tx) {
               return tx.ExecScript(absl::StrCat("CREATE SCHEMA ", b->schema));
             })
             .ok()) {
      std::abort();
    }
    options.url = absl::StrCat(base, base.find('?') == std::string::npos ? "?" : "&",
                               "options=-csearch_path%3D", b->schema);
  }
  b->db = *storage::OpenDatabase(options);
  if (absl::Status s = storage::ApplyMigrations(*b->db, po::AllMigrations()); !s.ok()) {
    std::fprintf(stderr, "migrations: %s\n", s.ToString().c_str());
    std::abort();
  }
  return b;
}

// The same rows the import writes to beneficiaries and identities, inserted directly.
double RawInsert(const std::string& driver, const std::vector<po::CafRecord>& flow,
                 const po::TerritoryMap& map, int batch) {
  auto b = Fresh(driver);
  std::vector<po::Beneficiary> rows;
  for (const po::CafRecord& r : flow) {
    absl::StatusOr<po::CafEffect> e = po::ApplyCafRecord(
        std::nullopt, r, map.ForCommune(r.commune_insee), kNow, parcours::NewId("ben", kNow));
    rows.push_back(e->after);
  }
  const absl::Time start = absl::Now();
  for (size_t i = 0; i < rows.size(); i += batch) {
    std::vector<po::Beneficiary> chunk(rows.begin() + i,
                                       rows.begin() + std::min(rows.size(), i + batch));
    absl::Status s = b->db->InTransaction(
        [&](storage::Transaction& tx) { return po::sql::InsertBeneficiaries(tx, chunk); }, 1);
    if (!s.ok()) {
      std::fprintf(stderr, "raw insert: %s\n", s.ToString().c_str());
      std::abort();
    }
  }
  return flow.size() / absl::ToDoubleSeconds(absl::Now() - start);
}

double RpcImport(const std::string& driver, const std::vector<po::CafRecord>& flow,
                 po::ReferenceData& data, int batch) {
  auto b = Fresh(driver);
  parcours::events::FeedNotifier notifier;
  parcours::events::Outbox outbox(po::kEventSource, notifier);
  po::SqlOrientationStore store(*b->db, outbox);
  parcours::audit::AuditLog audit(*b->db);
  auto verifier = *parcours::auth::StaticTokenVerifier::FromJson(
      absl::StrCat(R"([{"sha256": ")", parcours::auth::Sha256Hex("bench"),
                   R"(", "subject": "bench", "roles": ["admin"], "territories": ["*"]}])"));
  parcours::auth::Authorizer authorizer(
      std::shared_ptr<const parcours::auth::TokenVerifier>(std::move(verifier)),
      po::OrientationPolicy());
  parcours::server::ServerOptions options;
  options.metrics_address = "";
  options.max_receive_message_bytes = 16 << 20;
  parcours::server::ServiceHost host(options);
  host.AddInterceptors(authorizer.MakeInterceptors());
  po::OrientationMetrics metrics(host.metrics());
  po::OrientationSettings settings;
  settings.caf_import_batch = batch;
  parcours::FakeClock clock(kNow);
  po::OrientationService service(
      {&store, &audit, &authorizer, &data.territories, &data.rules, &clock, &metrics, settings});
  host.AddService(&service, po::v1::Orientation::service_full_name());
  if (!host.Start().ok()) std::abort();
  host.SetServing(true);
  auto stub = po::v1::Orientation::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", host.grpc_port()), grpc::InsecureChannelCredentials()));
  std::vector<po::v1::CafRecord> wire;
  wire.reserve(flow.size());
  for (const po::CafRecord& r : flow) wire.push_back(po::CafRecordToProto(r));

  const absl::Time start = absl::Now();
  grpc::ClientContext ctx;
  ctx.AddMetadata("authorization", "Bearer bench");
  po::v1::ImportCafFlowResponse resp;
  auto writer = stub->ImportCafFlow(&ctx, &resp);
  for (const auto& r : wire) {
    if (!writer->Write(r)) break;
  }
  writer->WritesDone();
  grpc::Status s = writer->Finish();
  const double rate = flow.size() / absl::ToDoubleSeconds(absl::Now() - start);
  if (!s.ok() || resp.applied() != static_cast<int64_t>(flow.size())) {
    std::fprintf(stderr, "import failed: %s applied=%lld rejected=%lld\n",
                 s.error_message().c_str(), static_cast<long long>(resp.applied()),
                 static_cast<long long>(resp.rejected()));
    std::abort();
  }
  host.Shutdown();
  return rate;
}

}  // namespace

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::atoi(argv[1]) : 100000;
  const int batch = argc > 2 ? std::atoi(argv[2]) : 500;
  // The machine is shared: each figure is the best of `reps` runs, raw and RPC interleaved
  // so that a burst of outside load hits both alike.
  const int reps = argc > 3 ? std::atoi(argv[3]) : 3;
  po::OrientationSettings defaults;
  absl::StatusOr<po::ReferenceData> data = po::LoadReferenceData(defaults);
  if (!data.ok()) return 1;
  const std::vector<po::CafRecord> flow = MakeFlow(n, data->territories);
  std::vector<std::string> drivers = {"sqlite"};
  const char* pg = std::getenv("PARCOURS_TEST_POSTGRES_URL");
  if (pg != nullptr && *pg != '\0') {
    drivers.push_back("postgresql");
  } else {
    std::printf("PARCOURS_TEST_POSTGRES_URL not set: SQLite only\n");
  }
  std::printf("%-11s %9s %8s %14s %14s %7s\n", "driver", "records", "batch", "raw rec/s",
              "rpc rec/s", "ratio");
  for (const std::string& driver : drivers) {
    double raw = 0, rpc = 0;
    for (int i = 0; i < reps; ++i) {
      raw = std::max(raw, RawInsert(driver, flow, data->territories, batch));
      rpc = std::max(rpc, RpcImport(driver, flow, *data, batch));
    }
    std::printf("%-11s %9d %8d %14.0f %14.0f %7.2f\n", driver.c_str(), n, batch, raw, rpc,
                rpc / raw);
    std::fflush(stdout);
    parcours::loadgen::PrintBenchRecord(
        {.name = absl::StrCat("orientation CAF import ", n, " records, ", driver),
         .value = rpc,
         .unit = "records/s",
         .baseline_name = absl::StrCat("raw batched INSERT, ", driver),
         .baseline = raw,
         .target = "ratio >= 0.5",
         .note =
             absl::StrCat("ImportCafFlow over loopback gRPC, batch ", batch, ", best of ", reps)});
  }
  parcours::loadgen::PrintBenchRecord(
      {.name = "orientation CAF import peak RSS (in-process server)",
       .value = parcours::loadgen::ResidentMb(getpid()),
       .unit = "MB",
       .note = "resident size at the end of the import runs"});
  return 0;
}
