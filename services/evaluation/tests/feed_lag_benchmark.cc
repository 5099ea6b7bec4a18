// The feed lag through evaluation (a benchmark, not a test; issue 11: p99 under 1 s while
// the services take 1,000 writes a second). Starts the real catalogue_server and
// evaluation_server (SQLite files in a temporary folder), evaluation following catalogue's
// feed with its service token, loads --offers published offers through catalogue's API,
// then drives CreatePrescription at a fixed --rate for --duration (latency from the
// intended send time: a stalled server is not hidden), and measures, for each event, the
// time from its commit in catalogue's outbox to the commit of evaluation's projection of it.
//
// How the lag is measured, from outside both processes (neither is changed or slowed
// down to be measured): a poller on the load generator's core reads every --poll
// interval, from read-only SQLite connections, evaluation's checkpoint for the catalogue
// feed (consumer_checkpoints; it moves in the projection's own transaction, so "applied"
// means projected and committed) and then catalogue's head (MAX(sequence) of its outbox).
// A sequence's lag is the first poll that saw it applied minus the first poll that saw
// it in the head (tools/loadgen/feed_lag_tracker.h); the resolution is the poll interval
// actually achieved, which is reported, with an upper bound of the p99 measured from the
// last poll before each commit (on a loaded machine the poller itself stalls, and an
// event committed and projected during one stall shows a lag of 0).
//
// Writes: catalogue alone takes the 1,000 writes a second (CreatePrescription, each with
// its outbox event). Orientation's and contracts' writes need beneficiaries, orientations
// and contracts set up first and are not replayable from pre-serialized requests, so they
// are not driven here; their feeds are left unreachable (evaluation retries them with
// backoff, as it does when a producer is down).
//
//   feed_lag_benchmark [--duration=10s] [--rate=1000] [--offers=200] [--poll=2ms]
//                      [--drain=30s]
//
// Redis: catalogue's cache uses PARCOURS_TEST_REDIS_URL when set (scripts/bench), else none.
// Prints BENCH lines (tools/loadgen/bench_record.h) for scripts/bench.
#include <signal.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <system_error>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "grpcpp/create_channel.h"
#include "libs/auth/token_verifier.h"
#include "libs/testing/subprocess.h"
#include "parcours/catalogue/v1/catalogue.grpc.pb.h"
#include "parcours/evaluation/v1/evaluation.grpc.pb.h"
#include "services/catalogue/tests/test_offers.h"
#include "tools/loadgen/bench_args.h"
#include "tools/loadgen/bench_record.h"
#include "tools/loadgen/feed_lag_tracker.h"
#include "tools/loadgen/load_generator.h"

namespace parcours::evaluation {
namespace {

namespace fs = std::filesystem;
namespace cat = catalogue::v1;

// One integer read again and again from a SQLite file, on a read-only connection of its
// own (WAL: it never blocks the service's writers). Not thread-safe: one per thread.
class SqlitePosition {
 public:
  static absl::StatusOr<std::unique_ptr<SqlitePosition>> Open(const fs::path& file,
                                                              const std::string& sql) {
    auto p = std::unique_ptr<SqlitePosition>(new SqlitePosition());
    if (sqlite3_open_v2(file.c_str(), &p->db_, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK ||
        sqlite3_prepare_v2(p->db_, sql.c_str(), -1, &p->stmt_, nullptr) != SQLITE_OK) {
      return absl::UnavailableError(
          absl::StrCat(file.string(), ": ", p->db_ ? sqlite3_errmsg(p->db_) : "cannot open"));
    }
    sqlite3_busy_timeout(p->db_, 100);
    return p;
  }
  ~SqlitePosition() {
    sqlite3_finalize(stmt_);
    sqlite3_close(db_);
  }

  // The value, or nullopt when the file is busy (recovery) this time.
  std::optional<int64_t> Read() {
    sqlite3_reset(stmt_);
    if (sqlite3_step(stmt_) != SQLITE_ROW) return std::nullopt;
    return sqlite3_column_int64(stmt_, 0);
  }

 private:
  SqlitePosition() = default;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

const char kHeadSql[] = "SELECT COALESCE(MAX(sequence), 0) FROM outbox";
const char kAppliedSql[] =
    "SELECT COALESCE(MAX(sequence), 0) FROM consumer_checkpoints WHERE feed = 'catalogue'";

// A steady clock as absl::Time: poll instants that never go back.
absl::Time SteadyNow() {
  return absl::UnixEpoch() + absl::FromChrono(std::chrono::steady_clock::now().time_since_epoch());
}

// Polls evaluation's checkpoint, then catalogue's head, every `interval` on its own thread
// until Stop(); the positions last read are readable meanwhile.
class LagPoller {
 public:
  LagPoller(std::unique_ptr<SqlitePosition> head, std::unique_ptr<SqlitePosition> applied,
            int64_t initial_head, absl::Duration interval, int cpu)
      : head_(std::move(head)), applied_(std::move(applied)), tracker_(initial_head) {
    thread_ = std::thread([this, interval, cpu] {
      loadgen::PinToCpu(cpu);
      auto next = std::chrono::steady_clock::now();
      while (!stop_.load()) {
        const std::optional<int64_t> applied = applied_->Read();
        const std::optional<int64_t> head = head_->Read();
        if (applied && head) {
          tracker_.Observe(SteadyNow(), *head, *applied);
          last_head_.store(*head);
          last_applied_.store(*applied);
        }
        next += absl::ToChronoNanoseconds(interval);
        std::this_thread::sleep_until(next);
        // Behind schedule (a descheduled poller): poll now, do not catch up in a burst.
        next = std::max(next, std::chrono::steady_clock::now());
      }
    });
  }
  ~LagPoller() { Stop(); }

  int64_t last_head() const { return last_head_.load(); }
  int64_t last_applied() const { return last_applied_.load(); }

  // After Stop().
  const loadgen::FeedLagTracker& tracker() const { return tracker_; }

  loadgen::FeedLagSummary Stop() {
    stop_.store(true);
    if (thread_.joinable()) thread_.join();
    return tracker_.Summary();
  }

 private:
  std::unique_ptr<SqlitePosition> head_;
  std::unique_ptr<SqlitePosition> applied_;
  loadgen::FeedLagTracker tracker_;
  std::atomic<bool> stop_{false};
  std::atomic<int64_t> last_head_{-1};
  std::atomic<int64_t> last_applied_{-1};
  std::thread thread_;
};

// User + system CPU time of a process so far (/proc/<pid>/stat), in seconds; 0 if unknown.
double CpuSeconds(int pid) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/stat"));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const size_t close = text.rfind(')');  // the command name may hold spaces
  if (close == std::string::npos) return 0;
  std::istringstream fields(text.substr(close + 2));
  std::string skip;
  for (int i = 3; i < 14; ++i) fields >> skip;  // state .. cmajflt: fields 3 to 13
  double utime = 0, stime = 0;
  fields >> utime >> stime;
  return (utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

bool WaitUntil(const std::function<bool()>& cond, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (!cond()) {
    if (absl::Now() > deadline) return false;
    absl::SleepFor(absl::Milliseconds(20));
  }
  return true;
}

// A server binary on 127.0.0.1 port 0 (metrics off), pinned to core 0 when there are two.
struct Server {
  std::unique_ptr<testutil::Subprocess> process;
  int port = 0;
};

std::optional<Server> StartServer(const std::string& binary, std::map<std::string, std::string> env,
                                  bool two_cores) {
  env["GRPC_ADDRESS"] = "127.0.0.1:0";
  env["METRICS_ADDRESS"] = "";
  std::vector<std::string> argv = {binary};
  if (two_cores) argv.insert(argv.begin(), {"/usr/bin/taskset", "-c", "0"});
  Server s;
  s.process = std::make_unique<testutil::Subprocess>(argv, env);
  if (!s.process->Start().ok()) return std::nullopt;
  std::optional<std::string> listening = s.process->WaitForLine("\"listening\"", absl::Seconds(60));
  std::optional<std::string> serving =
      s.process->WaitForLine("\"msg\":\"serving\"", absl::Seconds(60));
  if (!listening || !serving) {
    for (const std::string& l : s.process->lines()) std::cerr << l << "\n";
    return std::nullopt;
  }
  s.port = testutil::JsonIntField(*listening, "grpc_port");
  return s;
}

int StopServer(Server& s, const std::string& name) {
  s.process->Signal(SIGTERM);
  const int rc = s.process->Wait(absl::Seconds(20));
  if (rc != 0) std::cerr << name << " exited with " << rc << "\n";
  return rc;
}

std::unique_ptr<grpc::ClientContext> Context(const std::string& token) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->AddMetadata("authorization", "Bearer " + token);
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  return ctx;
}

// `n` published offers of TAD-EST (unlimited places), through catalogue's API so that
// their events are in the feed evaluation projects before the prescriptions to them.
absl::StatusOr<std::vector<std::string>> PublishOffers(cat::Catalogue::Stub& stub, int n,
                                                       const std::string& token) {
  cat::Structure structure;
  {
    cat::CreateStructureRequest req;
    req.set_request_id("feed-lag-structure");
    *req.mutable_structure() = catalogue::testdata::ValidStructure();
    if (grpc::Status s = stub.CreateStructure(Context(token).get(), req, &structure); !s.ok()) {
      return absl::UnavailableError("CreateStructure: " + s.error_message());
    }
  }
  std::vector<std::string> ids;
  for (int i = 0; i < n; ++i) {
    cat::CreateOfferRequest req;
    req.set_request_id(absl::StrCat("feed-lag-offer-", i));
    *req.mutable_offer() =
        catalogue::testdata::ValidOffer(structure.id(), absl::StrCat("Permis B accompagné ", i));
    cat::Offer offer;
    if (grpc::Status s = stub.CreateOffer(Context(token).get(), req, &offer); !s.ok()) {
      return absl::UnavailableError("CreateOffer: " + s.error_message());
    }
    cat::ChangeOfferStatusRequest publish;
    publish.set_id(offer.id());
    publish.set_etag(offer.etag());
    cat::Offer published;
    if (grpc::Status s = stub.PublishOffer(Context(token).get(), publish, &published); !s.ok()) {
      return absl::UnavailableError("PublishOffer: " + s.error_message());
    }
    ids.push_back(offer.id());
  }
  return ids;
}

// CreatePrescription requests, each with its own request id (a repeated one would be an
// idempotent replay, not a write) and its own beneficiary.
std::vector<std::string> Prescriptions(const std::vector<std::string>& offers, int64_t count) {
  std::vector<std::string> out;
  out.reserve(static_cast<size_t>(count));
  for (int64_t i = 0; i < count; ++i) {
    cat::CreatePrescriptionRequest r;
    r.set_request_id(absl::StrCat("lag-", i));
    cat::Prescription* p = r.mutable_prescription();
    p->set_beneficiary_id(absl::StrCat("ben_lag", i));
    p->set_offer_id(offers[static_cast<size_t>(i) % offers.size()]);
    p->mutable_territory()->set_tad("TAD-EST");
    p->mutable_territory()->set_mds("MDS-EVRY");
    out.push_back(r.SerializeAsString());
  }
  return out;
}

int Run(int argc, char** argv) {
  absl::Duration duration, poll, drain;
  if (!absl::ParseDuration(loadgen::FlagValue(argc, argv, "--duration", "10s"), &duration) ||
      !absl::ParseDuration(loadgen::FlagValue(argc, argv, "--poll", "2ms"), &poll) ||
      !absl::ParseDuration(loadgen::FlagValue(argc, argv, "--drain", "30s"), &drain)) {
    std::cerr << "bad duration flag\n";
    return 2;
  }
  const double rate = std::atof(loadgen::FlagValue(argc, argv, "--rate", "1000").c_str());
  const int offers = std::atoi(loadgen::FlagValue(argc, argv, "--offers", "200").c_str());
  if (rate <= 0 || offers <= 0 || poll <= absl::ZeroDuration()) {
    std::cerr << "--rate, --offers and --poll must be positive\n";
    return 2;
  }
  const bool two_cores = sysconf(_SC_NPROCESSORS_ONLN) > 1;
  const int load_cpu = two_cores ? 1 : -1;
  const fs::path dir = fs::temp_directory_path() / absl::StrCat("feed-lag-bench-", getpid());
  fs::create_directories(dir);
  // Removed on every way out; declared first, so the servers (SIGKILLed by their
  // Subprocess if still running) are gone before their files.
  struct RemoveDir {
    fs::path path;
    ~RemoveDir() {
      std::error_code ignored;
      fs::remove_all(path, ignored);
    }
  } remove_dir{dir};

  // Tokens: the caller (admin), and each service's own identity for the feeds.
  const std::string admin = "bench-admin";
  {
    std::ofstream tokens(dir / "tokens.json");
    const auto entry = [](const std::string& token, const std::string& subject,
                          const std::string& role) {
      return absl::StrCat("{\"sha256\": \"", auth::Sha256Hex(token), "\", \"subject\": \"", subject,
                          "\", \"roles\": [\"", role, "\"], \"territories\": [\"*\"]}");
    };
    tokens << "[" << entry(admin, "bench", "admin") << ", "
           << entry("bench-catalogue", "catalogue", "service:catalogue") << ", "
           << entry("bench-evaluation", "evaluation", "service:evaluation") << "]";
  }
  const std::string tokens_file = (dir / "tokens.json").string();
  const fs::path catalogue_db = dir / "catalogue.db";
  const fs::path evaluation_db = dir / "evaluation.db";

  std::map<std::string, std::string> catalogue_env = {
      {"DATABASE_URL", "sqlite://" + catalogue_db.string()},
      {"AUTH_TOKENS_FILE", tokens_file},
      {"SERVICE_TOKEN", "bench-catalogue"}};
  if (const char* redis = std::getenv("PARCOURS_TEST_REDIS_URL"); redis != nullptr) {
    catalogue_env["REDIS_URL"] = redis;
  }
  std::optional<Server> catalogue = StartServer(PARCOURS_BIN_CATALOGUE, catalogue_env, two_cores);
  if (!catalogue) return 1;
  const std::string catalogue_addr = absl::StrCat("127.0.0.1:", catalogue->port);
  // The feeds not driven here: a closed port (evaluation retries them with backoff).
  const std::string nowhere = "127.0.0.1:1";
  std::optional<Server> evaluation =
      StartServer(PARCOURS_BIN_EVALUATION,
                  {{"DATABASE_URL", "sqlite://" + evaluation_db.string()},
                   {"AUTH_TOKENS_FILE", tokens_file},
                   {"SERVICE_TOKEN", "bench-evaluation"},
                   {"CATALOGUE_ADDR", catalogue_addr},
                   {"ORIENTATION_ADDR", nowhere},
                   {"CONTRACTS_ADDR", nowhere},
                   {"FRAUD_ADDR", nowhere}},
                  two_cores);
  if (!evaluation) return 1;

  auto catalogue_stub = cat::Catalogue::NewStub(
      grpc::CreateChannel(catalogue_addr, grpc::InsecureChannelCredentials()));
  const absl::Time load_start = absl::Now();
  absl::StatusOr<std::vector<std::string>> offer_ids =
      PublishOffers(*catalogue_stub, offers, admin);
  if (!offer_ids.ok()) {
    std::cerr << "loading offers: " << offer_ids.status() << "\n";
    return 1;
  }
  std::cout << "published " << offers << " offers through catalogue's API in "
            << (absl::Now() - load_start) << "\n";

  absl::StatusOr<std::unique_ptr<SqlitePosition>> head =
      SqlitePosition::Open(catalogue_db, kHeadSql);
  absl::StatusOr<std::unique_ptr<SqlitePosition>> applied =
      SqlitePosition::Open(evaluation_db, kAppliedSql);
  absl::StatusOr<std::unique_ptr<SqlitePosition>> final_head =
      SqlitePosition::Open(catalogue_db, kHeadSql);
  if (!head.ok() || !applied.ok() || !final_head.ok()) {
    std::cerr << "opening the SQLite files read-only failed\n";
    return 1;
  }
  // Evaluation first catches up with the offers' events: the measurement starts level.
  int64_t initial_head = -1;
  if (!WaitUntil(
          [&] {
            const std::optional<int64_t> a = (*applied)->Read();
            initial_head = (*head)->Read().value_or(-1);
            return a.has_value() && initial_head > 0 && *a >= initial_head;
          },
          absl::Seconds(60))) {
    std::cerr << "evaluation did not catch up with the " << initial_head
              << " events of the offers in 60 s\n";
    return 1;
  }
  std::cout << "evaluation has projected the " << initial_head << " events of the offers\n";

  // Enough distinct requests that none is replayed (the warm-up second is sent too).
  loadgen::LoadOptions o;
  o.target = catalogue_addr;
  o.method = "/parcours.catalogue.v1.Catalogue/CreatePrescription";
  o.requests = Prescriptions(
      *offer_ids, static_cast<int64_t>(rate * (absl::ToDoubleSeconds(duration + o.warmup) + 1)));
  // The cap on calls in flight: a second's worth, so that a stall of the server shows as
  // latency from the intended send time (and as lag), not as writes never sent.
  o.concurrency = static_cast<int>(std::max(64.0, rate));
  o.rate = rate;
  o.duration = duration;
  o.bearer_token = admin;
  o.cpu = load_cpu;

  const double catalogue_cpu_before = CpuSeconds(catalogue->process->pid());
  const double evaluation_cpu_before = CpuSeconds(evaluation->process->pid());
  const absl::Time wall_before = absl::Now();
  LagPoller poller(*std::move(head), *std::move(applied), initial_head, poll, load_cpu);
  const loadgen::LoadResult creates = loadgen::RunLoad(o);
  // Every call has returned: the head is final. Wait for evaluation to reach it.
  const int64_t last = (*final_head)->Read().value_or(-1);
  const absl::Time drain_start = absl::Now();
  const bool drained = WaitUntil([&] { return poller.last_applied() >= last; }, drain);
  absl::SleepFor(poll * 2);  // the poll that saw it applied is recorded
  const loadgen::FeedLagSummary lag = poller.Stop();
  // How much of a core each server needed meanwhile (both are pinned to core 0).
  const double wall_s = absl::ToDoubleSeconds(absl::Now() - wall_before);
  const double catalogue_cores =
      (CpuSeconds(catalogue->process->pid()) - catalogue_cpu_before) / wall_s;
  const double evaluation_cores =
      (CpuSeconds(evaluation->process->pid()) - evaluation_cpu_before) / wall_s;
  std::cout << loadgen::FormatResult("CreatePrescription at fixed rate", creates) << "\n";
  for (const auto& [code, n] : creates.failures_by_code) {
    std::cout << "  failed with "
              << (code < 0 ? "not sent (too many in flight)" : absl::StrCat("gRPC code ", code))
              << ": " << n << "\n";
  }
  std::cout << "feed: head " << initial_head << " -> " << last << "; evaluation "
            << (drained ? "reached it " : "did NOT reach it ") << (absl::Now() - drain_start)
            << " after the last call\n";
  std::cout << "lag: " << lag.events << " events, " << lag.projected << " projected, "
            << lag.never_projected << " never; p50 " << lag.p50_ms << " ms, p99 " << lag.p99_ms
            << " ms, max " << lag.max_ms << " ms (upper bounds: p99 " << lag.p99_upper_ms
            << " ms, max " << lag.max_upper_ms << " ms); " << lag.polls << " polls, every "
            << lag.mean_poll_interval_ms << " ms on average, at most " << lag.max_poll_interval_ms
            << " ms apart\n";

  std::cout << "CPU during the load: catalogue " << catalogue_cores << " core, evaluation "
            << evaluation_cores << " core (of the one they share)\n";
  std::cout << "worst lag of the events committed in each second (ms):";
  for (double ms : poller.tracker().MaxLagPerWindow(absl::Seconds(1))) {
    std::cout << " " << static_cast<int64_t>(ms);
  }
  std::cout << "\n";
  // Anything the servers found worth a warning meanwhile (a reconnecting feed, a busy
  // database), beside the figures it may explain.
  const std::pair<const char*, Server*> servers[] = {{"catalogue", &*catalogue},
                                                     {"evaluation", &*evaluation}};
  for (const auto& [name, server] : servers) {
    for (const std::string& line : server->process->lines()) {
      if (line.find("\"level\":\"warn\"") != std::string::npos ||
          line.find("\"level\":\"error\"") != std::string::npos) {
        std::cout << name << ": " << line << "\n";
      }
    }
  }

  // What evaluation says of itself (its consumer's position and any halt).
  auto evaluation_stub = v1::Evaluation::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", evaluation->port), grpc::InsecureChannelCredentials()));
  v1::GetFeedLagResponse status;
  std::string consumer_note = "GetFeedLag failed";
  if (evaluation_stub->GetFeedLag(Context(admin).get(), {}, &status).ok()) {
    for (const v1::FeedLag& f : status.feeds()) {
      if (f.feed() != "catalogue") continue;
      consumer_note =
          absl::StrCat("evaluation's GetFeedLag: last applied ", f.last_applied_sequence(),
                       ", lag ", f.has_lag_events() ? absl::StrCat(f.lag_events()) : "unknown",
                       f.error().empty() ? "" : ", error: " + f.error());
    }
  }
  std::cout << consumer_note << "\n";

  const std::string resolution = absl::StrCat(
      "polled every ", loadgen::JsonNumber(lag.mean_poll_interval_ms), " ms on average (at most ",
      loadgen::JsonNumber(lag.max_poll_interval_ms), " ms apart)");
  loadgen::PrintBenchRecord(
      {.name =
           absl::StrCat("evaluation feed lag p99, catalogue commit to evaluation's projection, at ",
                        rate, " creates/s"),
       .value = lag.p99_ms,
       .unit = "ms",
       .target = "value < 1000",
       .note =
           absl::StrCat(lag.events, " events, p50 ", lag.p50_ms, " ms, max ", lag.max_ms, " ms; ",
                        resolution, "; the creates: ", creates.qps, " qps, p99 ", creates.p99_ms,
                        " ms from the intended send time, failed ", creates.failed,
                        "; CPU: catalogue ", loadgen::JsonNumber(catalogue_cores),
                        " core, evaluation ", loadgen::JsonNumber(evaluation_cores), " core")});
  loadgen::PrintBenchRecord(
      {.name = "evaluation feed lag p99, upper bound (from the last poll before each commit)",
       .value = lag.p99_upper_ms,
       .unit = "ms",
       .note = absl::StrCat("never below the true p99, above it by at most a poll interval; max ",
                            lag.max_upper_ms, " ms")});
  loadgen::PrintBenchRecord(
      {.name = "evaluation feed lag: events never projected",
       .value = static_cast<double>(lag.never_projected),
       .unit = "events",
       .target = "value < 1",
       .note = absl::StrCat("of ", lag.events, " committed during the load; ", consumer_note)});
  loadgen::PrintBenchRecord(
      {.name = absl::StrCat("catalogue CreatePrescription p99 at ", rate,
                            "/s (fixed rate, feed followed by evaluation)"),
       .value = creates.p99_ms,
       .unit = "ms",
       .note = absl::StrCat(creates.qps, " qps, p50 ", creates.p50_ms, " ms, max ", creates.max_ms,
                            " ms, failed ", creates.failed)});

  int rc = 0;
  if (StopServer(*evaluation, "evaluation_server") != 0) rc = 1;
  if (StopServer(*catalogue, "catalogue_server") != 0) rc = 1;
  return rc;
}

}  // namespace
}  // namespace parcours::evaluation

int main(int argc, char** argv) { return parcours::evaluation::Run(argc, argv); }
