// PostgreSQL stopped (immediate shutdown, as a crash) and started again under a load of
// creates on the real evaluation_server (CreateSurvey with request_ids, 3 threads), with a
// PostgreSQL cluster of the test's own. While it is down calls fail fast with UNAVAILABLE
// (bounded by DATABASE_ACQUIRE_TIMEOUT / DATABASE_CONNECT_TIMEOUT), health says
// NOT_SERVING; once it is back calls succeed again without restarting the service; every
// acknowledged create is present, exactly once. A client whose create failed retries it
// with the same request_id.
#include <signal.h>

#include <cstdio>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "libs/storage/database.h"
#include "libs/testing/status_matchers.h"
#include "parcours/evaluation/v1/evaluation.grpc.pb.h"
#include "tests/faults/fault_support.h"

namespace parcours::faults {
namespace {

namespace v1 = evaluation::v1;

struct CallRecord {
  absl::Time start;
  absl::Duration took;
  grpc::StatusCode code;
};

TEST(PostgresRestartFaultTest, FailFastWhileDownRecoverWithoutRestartLoseNothing) {
  FaultDir dir("postgres_restart");
  PostgresServer pg(dir.path() + "/pg");
  ASSERT_OK(pg.Init());
  ASSERT_OK(pg.Start());
  const std::string nowhere = absl::StrCat("127.0.0.1:", testutil::FreeLoopbackPort());
  std::map<std::string, std::string> env = {
      {"AUTH_TOKENS_FILE", WriteTokensFile(dir.path(), {"steering"})},
      {"SERVICE_TOKEN", "service:evaluation-token"},
      {"DATABASE_URL", pg.url()},
      {"DATABASE_POOL_SIZE", "4"},
      {"DATABASE_ACQUIRE_TIMEOUT", "1s"},
      {"DATABASE_CONNECT_TIMEOUT", "1s"},
      {"DATABASE_STATEMENT_TIMEOUT", "2s"},
      {"CATALOGUE_ADDR", nowhere},
      {"ORIENTATION_ADDR", nowhere},
      {"CONTRACTS_ADDR", nowhere},
      {"FRAUD_ADDR", nowhere}};
  ServiceProcess evaluation(PARCOURS_BIN_EVALUATION_SERVER, env);
  ASSERT_OK(evaluation.Start());
  const pid_t pid = evaluation.process().pid();

  constexpr int kThreads = 3;
  constexpr absl::Duration kDeadline = absl::Seconds(5);
  std::vector<std::unique_ptr<v1::Evaluation::Stub>> stubs;
  for (int t = 0; t < kThreads; ++t)
    stubs.push_back(v1::Evaluation::NewStub(evaluation.NewChannel()));
  std::mutex mu;
  std::vector<CallRecord> records;
  std::map<std::string, std::string> acknowledged;  // request_id → survey id
  std::vector<int64_t> next(kThreads, 0);           // each thread's next request to send
  int64_t retried_after_failure = 0;
  LoadLoop load(kThreads, [&](int t, int64_t) {
    const std::string request_id = absl::StrCat("pg-", t, "-", next[t]);
    grpc::ClientContext ctx;
    Prepare(ctx, "steering-token", kDeadline);
    v1::CreateSurveyRequest req;
    req.set_request_id(request_id);
    v1::Survey* s = req.mutable_survey();
    s->set_offer_id(absl::StrCat("OFF-", t));
    s->set_audience(v1::PROFESSIONALS);
    s->set_title(absl::StrCat("Satisfaction ", request_id));
    s->add_questions("Le suivi vous a-t-il aidé ?");
    s->set_invited_professionals(10);
    v1::Survey out;
    const absl::Time start = absl::Now();
    grpc::Status status = stubs[t]->CreateSurvey(&ctx, req, &out);
    std::lock_guard<std::mutex> lock(mu);
    records.push_back({start, absl::Now() - start, status.error_code()});
    if (status.ok()) {
      auto [it, inserted] = acknowledged.emplace(request_id, out.id());
      if (!inserted && it->second != out.id()) {
        return grpc::Status(grpc::StatusCode::DATA_LOSS, "a retry created a second survey");
      }
      ++next[t];  // acknowledged: move on
    } else {
      ++retried_after_failure;  // the same request_id is sent again
      absl::SleepFor(absl::Milliseconds(50));
    }
    return status;
  });

  absl::SleepFor(absl::Seconds(2));
  const absl::Time stopped_at = absl::Now();
  ASSERT_OK(pg.Stop());
  std::string health_while_down;
  WaitUntil(
      [&] {
        health_while_down = HealthStatus(evaluation.NewChannel(), "");
        return health_while_down == "NOT_SERVING";
      },
      absl::Seconds(5));
  // Down for at least 3 s whatever the readiness check's pace.
  absl::SleepFor(std::max(absl::Seconds(1), stopped_at + absl::Seconds(3) - absl::Now()));
  const absl::Time restarted_at = absl::Now();
  ASSERT_OK(pg.Start());
  // New calls succeed again once the pool reconnects.
  const bool recovered = WaitUntil(
      [&] {
        std::lock_guard<std::mutex> lock(mu);
        return !records.empty() && records.back().start > restarted_at &&
               records.back().code == grpc::StatusCode::OK;
      },
      absl::Seconds(20));
  const absl::Duration recovery = absl::Now() - restarted_at;
  absl::SleepFor(absl::Seconds(2));
  const LoadCounts counts = load.StopAndCount();
  const std::string health_after = HealthStatus(evaluation.NewChannel(), "");

  // While down: what did the calls get, and how fast?
  int64_t down_calls = 0, down_unavailable = 0, down_ok = 0, after_calls = 0, after_ok = 0;
  absl::Duration slowest_down;
  for (const CallRecord& r : records) {
    if (r.start > stopped_at + absl::Milliseconds(200) && r.start + r.took < restarted_at) {
      ++down_calls;
      down_unavailable += r.code == grpc::StatusCode::UNAVAILABLE;
      down_ok += r.code == grpc::StatusCode::OK;
      slowest_down = std::max(slowest_down, r.took);
    }
    if (r.start > restarted_at + recovery) {
      ++after_calls;
      after_ok += r.code == grpc::StatusCode::OK;
    }
  }

  // Every acknowledged create is in the database, exactly once.
  int64_t found = 0, rows = 0;
  {
    storage::DatabaseOptions o;
    o.url = pg.url();
    ASSERT_OK_AND_ASSIGN(auto db, storage::OpenDatabase(o));
    ASSERT_OK_AND_ASSIGN(auto tx, db->Begin(storage::TxMode::kRead));
    ASSERT_OK_AND_ASSIGN(auto rs, tx->Query("SELECT request_id, id FROM eval_surveys"));
    rows = static_cast<int64_t>(rs.rows.size());
    std::set<std::string> seen;
    for (const auto& row : rs.rows) {
      auto it = acknowledged.find(row.Text(0));
      if (it != acknowledged.end() && it->second == row.Text(1)) ++found;
      seen.insert(row.Text(0));
    }
    EXPECT_EQ(seen.size(), rs.rows.size()) << "a request_id stored twice";
  }
  const bool same_process = evaluation.process().running() && evaluation.process().pid() == pid;

  std::printf(
      "[postgres-restart] CreateSurvey load, %d threads, PostgreSQL stopped (immediate) for "
      "%lld ms\n"
      "[postgres-restart] calls: %s; retried with the same request_id: %lld\n"
      "[postgres-restart] while down: %lld calls, %lld UNAVAILABLE, %lld ok, slowest %lld ms; "
      "health %s\n"
      "[postgres-restart] calls succeed again %lld ms after the restart (same process: %s); "
      "after: %lld calls, %lld ok; health %s\n"
      "[postgres-restart] acknowledged %zu, found %lld, rows %lld\n",
      kThreads, static_cast<long long>(absl::ToInt64Milliseconds(restarted_at - stopped_at)),
      counts.ToString().c_str(), static_cast<long long>(retried_after_failure),
      static_cast<long long>(down_calls), static_cast<long long>(down_unavailable),
      static_cast<long long>(down_ok),
      static_cast<long long>(absl::ToInt64Milliseconds(slowest_down)), health_while_down.c_str(),
      static_cast<long long>(absl::ToInt64Milliseconds(recovery)), same_process ? "yes" : "no",
      static_cast<long long>(after_calls), static_cast<long long>(after_ok), health_after.c_str(),
      acknowledged.size(), static_cast<long long>(found), static_cast<long long>(rows));

  EXPECT_EQ(counts.Count(grpc::StatusCode::DATA_LOSS), 0);
  EXPECT_GT(down_calls, 0);
  EXPECT_EQ(down_unavailable, down_calls) << "calls while down must fail with UNAVAILABLE";
  // Fail fast: bounded by the acquire and connect timeouts (1 s each), not the 5 s deadline.
  EXPECT_LT(slowest_down, absl::Milliseconds(2500));
  EXPECT_EQ(health_while_down, "NOT_SERVING");
  EXPECT_TRUE(recovered);
  EXPECT_TRUE(same_process);
  EXPECT_GT(after_calls, 0);
  EXPECT_EQ(after_ok, after_calls);
  EXPECT_EQ(found, static_cast<int64_t>(acknowledged.size())) << "an acknowledged create was lost";
  EXPECT_EQ(rows, static_cast<int64_t>(acknowledged.size()))
      << "a create was stored that no retry acknowledged";
  EXPECT_GT(acknowledged.size(), 20u);

  evaluation.Signal(SIGTERM);
  EXPECT_EQ(evaluation.Wait(absl::Seconds(20)), 0);
}

}  // namespace
}  // namespace parcours::faults
