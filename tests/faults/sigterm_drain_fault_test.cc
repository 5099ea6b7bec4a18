// SIGTERM under load (the real catalogue_server creating prescriptions from 4 threads,
// DRAIN_DELAY=1s): health goes NOT_SERVING before any call is refused, every call in
// flight when the signal arrived and every call started during the drain delay
// completes OK, the process exits 0, and every acknowledged create is there after a
// restart on the same database.
#include <signal.h>

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "libs/testing/status_matchers.h"
#include "tests/faults/catalogue_client.h"
#include "tests/faults/fault_support.h"

namespace parcours::faults {
namespace {

namespace v1 = catalogue::v1;

struct CallRecord {
  absl::Time start, end;
  grpc::StatusCode code;
  std::string id;  // the prescription id when acknowledged
};

TEST(SigtermDrainFaultTest, InFlightCallsCompleteHealthFirstExitZero) {
  FaultDir dir("sigterm_drain");
  auto env = CatalogueEnv(dir.path());
  env["DRAIN_DELAY"] = "1s";
  env["DRAIN_DEADLINE"] = "10s";
  auto catalogue = std::make_unique<ServiceProcess>(PARCOURS_BIN_CATALOGUE_SERVER, env);
  ASSERT_OK(catalogue->Start());
  auto setup = v1::Catalogue::NewStub(catalogue->NewChannel());
  ASSERT_OK_AND_ASSIGN(const std::string offer_id, CreatePublishedOffer(*setup));

  constexpr int kThreads = 4;
  std::vector<std::unique_ptr<v1::Catalogue::Stub>> stubs;
  for (int t = 0; t < kThreads; ++t)
    stubs.push_back(v1::Catalogue::NewStub(catalogue->NewChannel()));
  std::mutex mu;
  std::vector<CallRecord> records;
  auto load = std::make_unique<LoadLoop>(kThreads, [&](int t, int64_t i) {
    CallRecord r;
    r.start = absl::Now();
    v1::Prescription p;
    grpc::Status s = CreatePrescription(*stubs[t], offer_id, absl::StrCat("drain-", t, "-", i),
                                        absl::StrCat("ben-", t, "-", i), &p, absl::Seconds(5));
    r.end = absl::Now();
    r.code = s.error_code();
    if (s.ok()) r.id = p.id();
    std::lock_guard<std::mutex> lock(mu);
    records.push_back(r);
    if (!s.ok()) absl::SleepFor(absl::Milliseconds(5));  // refused: do not spin
    return s;
  });

  // Health watcher on its own connection.
  std::atomic<bool> watching{true};
  absl::Time not_serving_at = absl::InfiniteFuture();
  std::thread watcher([&, channel = catalogue->NewChannel()] {
    while (watching) {
      const std::string h = HealthStatus(channel, "", absl::Milliseconds(200));
      if (h != "SERVING") {
        not_serving_at = absl::Now();
        return;
      }
      absl::SleepFor(absl::Milliseconds(5));
    }
  });

  absl::SleepFor(absl::Seconds(2));
  const absl::Time sigterm_at = absl::Now();
  catalogue->Signal(SIGTERM);
  const int exit_code = catalogue->Wait(absl::Seconds(20));
  const absl::Time exited_at = absl::Now();
  watching = false;
  watcher.join();
  const LoadCounts counts = load->StopAndCount();
  load.reset();

  int64_t in_flight = 0, in_flight_ok = 0, during_delay = 0, during_delay_ok = 0;
  absl::Time first_refused = absl::InfiniteFuture();
  std::vector<std::string> acknowledged;
  for (const CallRecord& r : records) {
    if (r.code == grpc::StatusCode::OK) acknowledged.push_back(r.id);
    if (r.code != grpc::StatusCode::OK) first_refused = std::min(first_refused, r.start);
    if (r.start < sigterm_at && r.end > sigterm_at) {
      ++in_flight;
      in_flight_ok += r.code == grpc::StatusCode::OK;
    }
    // Started after the signal, well within the 1 s drain delay: still accepted.
    if (r.start > sigterm_at && r.start < sigterm_at + absl::Milliseconds(700)) {
      ++during_delay;
      during_delay_ok += r.code == grpc::StatusCode::OK;
    }
  }
  const bool stopped_logged = [&] {
    for (const std::string& l : catalogue->process().lines()) {
      if (l.find("\"stopped\"") != std::string::npos) return true;
    }
    return false;
  }();

  // Restart on the same database: every acknowledged create is there.
  catalogue = std::make_unique<ServiceProcess>(PARCOURS_BIN_CATALOGUE_SERVER, env);
  ASSERT_OK(catalogue->Start());
  auto check = v1::Catalogue::NewStub(catalogue->NewChannel());
  int64_t found = 0;
  for (const std::string& id : acknowledged) {
    grpc::ClientContext ctx;
    Prepare(ctx, "admin-token", absl::Seconds(5));
    v1::GetPrescriptionRequest req;
    req.set_id(id);
    v1::Prescription p;
    found += check->GetPrescription(&ctx, req, &p).ok();
  }
  catalogue->Signal(SIGTERM);
  EXPECT_EQ(catalogue->Wait(absl::Seconds(20)), 0);

  std::printf(
      "[sigterm-drain] CreatePrescription load, %d threads, SIGTERM with DRAIN_DELAY=1s\n"
      "[sigterm-drain] calls: %s\n"
      "[sigterm-drain] in flight at SIGTERM: %lld (ok %lld); started in the drain delay: %lld "
      "(ok %lld)\n"
      "[sigterm-drain] NOT_SERVING %lld ms after SIGTERM, first refused call %lld ms after, "
      "exit %d after %lld ms; acknowledged %zu, found after restart %lld\n",
      kThreads, counts.ToString().c_str(), static_cast<long long>(in_flight),
      static_cast<long long>(in_flight_ok), static_cast<long long>(during_delay),
      static_cast<long long>(during_delay_ok),
      static_cast<long long>(absl::ToInt64Milliseconds(not_serving_at - sigterm_at)),
      static_cast<long long>(absl::ToInt64Milliseconds(first_refused - sigterm_at)), exit_code,
      static_cast<long long>(absl::ToInt64Milliseconds(exited_at - sigterm_at)),
      acknowledged.size(), static_cast<long long>(found));

  EXPECT_EQ(exit_code, 0);
  EXPECT_TRUE(stopped_logged);
  EXPECT_GT(in_flight, 0);
  EXPECT_EQ(in_flight_ok, in_flight);
  EXPECT_GT(during_delay, 0);
  EXPECT_EQ(during_delay_ok, during_delay);
  EXPECT_LT(not_serving_at, first_refused) << "health must go NOT_SERVING before refusing";
  EXPECT_LT(not_serving_at - sigterm_at, absl::Milliseconds(500));
  EXPECT_GT(first_refused - sigterm_at, absl::Milliseconds(900)) << "refused before the delay";
  EXPECT_GT(acknowledged.size(), 20u);
  EXPECT_EQ(found, static_cast<int64_t>(acknowledged.size()));
}

}  // namespace
}  // namespace parcours::faults
