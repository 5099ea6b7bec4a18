// A dependency that cannot be reached, two ways: a port where nothing listens (refused at
// once) and a black hole (a listener that accepts TCP connections and never says a word,
// so the HTTP/2 handshake never completes). Callers get UNAVAILABLE or DEADLINE_EXCEEDED within
// their deadline and never hang:
//  - libs/client's Invoke (what every service's peer clients are built on), idempotent
//    with retries and not;
//  - the real evaluation_server with its four feeds pointing at the black hole: it starts,
//    serves health, answers GetBilan from its projections, and GetFeedLag (which reads
//    each feed's head) answers within the caller's deadline or gives DEADLINE_EXCEEDED.
#include <signal.h>

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "libs/client/call.h"
#include "libs/client/channel.h"
#include "libs/testing/status_matchers.h"
#include "parcours/evaluation/v1/evaluation.grpc.pb.h"
#include "tests/faults/fault_support.h"

namespace parcours::faults {
namespace {

using grpc::health::v1::Health;
using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;

struct Outcome {
  absl::StatusCode code;
  absl::Duration took;
  int attempts;
};

Outcome InvokeHealth(const std::string& target, bool idempotent, absl::Duration deadline) {
  auto channel = client::MakeChannel({.target = target});
  EXPECT_OK(channel.status());
  auto stub = Health::NewStub(*channel);
  int attempts = 0;
  const absl::Time start = absl::Now();
  absl::Status s = client::Invoke({.deadline = deadline, .idempotent = idempotent}, {},
                                  [&](grpc::ClientContext& ctx) {
                                    ++attempts;
                                    HealthCheckResponse resp;
                                    return stub->Check(&ctx, HealthCheckRequest(), &resp);
                                  });
  return {s.code(), absl::Now() - start, attempts};
}

TEST(UnreachableDependencyFaultTest, ClientCallsEndWithinTheirDeadline) {
  BlackHole hole;
  ASSERT_GT(hole.port(), 0);
  const std::string refused = absl::StrCat("127.0.0.1:", testutil::FreeLoopbackPort());
  const absl::Duration deadline = absl::Milliseconds(800);
  int calls = 0, unavailable = 0, deadline_exceeded = 0;
  absl::Duration slowest;
  for (bool idempotent : {false, true}) {
    for (const std::string& target : {refused, hole.address()}) {
      const Outcome o = InvokeHealth(target, idempotent, deadline);
      ++calls;
      unavailable += o.code == absl::StatusCode::kUnavailable;
      deadline_exceeded += o.code == absl::StatusCode::kDeadlineExceeded;
      slowest = std::max(slowest, o.took);
      std::printf("[unreachable] client %s %s: %s after %lld ms, %d attempt(s)\n",
                  idempotent ? "idempotent" : "non-idempotent",
                  target == refused ? "refused port" : "black hole",
                  absl::StatusCodeToString(o.code).c_str(),
                  static_cast<long long>(absl::ToInt64Milliseconds(o.took)), o.attempts);
      EXPECT_LT(o.took, deadline + absl::Milliseconds(300));
      if (target == refused) {
        EXPECT_EQ(o.code, absl::StatusCode::kUnavailable);
        EXPECT_EQ(o.attempts, idempotent ? 3 : 1) << "retries only for idempotent calls";
      } else {
        // libs/client's channels bound a connection attempt, handshake included, by
        // GRPC_ARG_MIN_RECONNECT_BACKOFF_MS (100 ms): a silent peer fails the call with
        // UNAVAILABLE then; DEADLINE_EXCEEDED if the deadline ends first.
        EXPECT_TRUE(o.code == absl::StatusCode::kUnavailable ||
                    o.code == absl::StatusCode::kDeadlineExceeded)
            << absl::StatusCodeToString(o.code);
      }
    }
  }
  std::printf("[unreachable] client calls=%d UNAVAILABLE=%d DEADLINE_EXCEEDED=%d slowest=%lld ms\n",
              calls, unavailable, deadline_exceeded,
              static_cast<long long>(absl::ToInt64Milliseconds(slowest)));
}

TEST(UnreachableDependencyFaultTest, EvaluationWithItsFeedsInABlackHole) {
  FaultDir dir("unreachable");
  BlackHole hole;
  ASSERT_GT(hole.port(), 0);
  std::map<std::string, std::string> env = {
      {"AUTH_TOKENS_FILE", WriteTokensFile(dir.path(), {"steering"})},
      {"SERVICE_TOKEN", "service:evaluation-token"},
      {"DATABASE_URL", "sqlite://" + dir.path() + "/evaluation.db"}};
  for (const char* feed : {"CATALOGUE", "ORIENTATION", "CONTRACTS", "FRAUD"}) {
    env[absl::StrCat(feed, "_ADDR")] = hole.address();
  }
  ServiceProcess evaluation(PARCOURS_BIN_EVALUATION_SERVER, env);
  ASSERT_OK(evaluation.Start());  // serving although no feed answers
  auto stub = evaluation::v1::Evaluation::NewStub(evaluation.NewChannel());
  EXPECT_EQ(HealthStatus(evaluation.NewChannel(), ""), "SERVING");

  int calls = 0, ok = 0, deadline_exceeded = 0, other = 0;
  absl::Duration slowest;
  auto count = [&](const grpc::Status& s, absl::Duration took, absl::Duration deadline) {
    ++calls;
    ok += s.ok();
    deadline_exceeded += s.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED;
    other += !s.ok() && s.error_code() != grpc::StatusCode::DEADLINE_EXCEEDED &&
             s.error_code() != grpc::StatusCode::UNAVAILABLE;
    slowest = std::max(slowest, took);
    EXPECT_LT(took, deadline + absl::Milliseconds(500)) << "a call outlived its deadline";
  };
  for (int i = 0; i < 5; ++i) {
    grpc::ClientContext ctx;
    Prepare(ctx, "steering-token", absl::Seconds(3));
    evaluation::v1::GetBilanRequest req;
    req.set_year(2024);
    evaluation::v1::Bilan bilan;
    const absl::Time start = absl::Now();
    grpc::Status s = stub->GetBilan(&ctx, req, &bilan);
    count(s, absl::Now() - start, absl::Seconds(3));
    EXPECT_TRUE(s.ok()) << s.error_message();  // served from its own projections
  }
  int feeds_reported_in_error = 0;
  for (absl::Duration deadline : {absl::Seconds(1), absl::Seconds(3), absl::Seconds(12)}) {
    grpc::ClientContext ctx;
    Prepare(ctx, "steering-token", deadline);
    evaluation::v1::GetFeedLagResponse resp;
    const absl::Time start = absl::Now();
    grpc::Status s = stub->GetFeedLag(&ctx, evaluation::v1::GetFeedLagRequest(), &resp);
    const absl::Duration took = absl::Now() - start;
    count(s, took, deadline);
    std::printf("[unreachable] evaluation GetFeedLag, deadline %lld ms: code %d after %lld ms\n",
                static_cast<long long>(absl::ToInt64Milliseconds(deadline)),
                static_cast<int>(s.error_code()),
                static_cast<long long>(absl::ToInt64Milliseconds(took)));
    EXPECT_TRUE(s.ok() || s.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED)
        << s.error_message();
    for (const auto& f : resp.feeds()) {
      feeds_reported_in_error += !f.error().empty() && !f.has_lag_events();
    }
  }
  EXPECT_EQ(HealthStatus(evaluation.NewChannel(), ""), "SERVING");
  std::printf(
      "[unreachable] evaluation with 4 feeds in a black hole: calls=%d ok=%d "
      "DEADLINE_EXCEEDED=%d other=%d slowest=%lld ms; feeds reported unreadable: %d\n",
      calls, ok, deadline_exceeded, other,
      static_cast<long long>(absl::ToInt64Milliseconds(slowest)), feeds_reported_in_error);
  EXPECT_EQ(other, 0);
  EXPECT_EQ(feeds_reported_in_error, 3 * 4) << "every answer reports the four feeds unreadable";

  evaluation.Signal(SIGTERM);
  EXPECT_EQ(evaluation.Wait(absl::Seconds(20)), 0);
}

}  // namespace
}  // namespace parcours::faults
