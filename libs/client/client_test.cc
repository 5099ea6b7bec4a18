// Deadlines, retries only for idempotent calls, identity metadata, and a dead peer that
// answers UNAVAILABLE within the deadline instead of hanging.
#include <atomic>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "libs/client/call.h"
#include "libs/client/channel.h"
#include "libs/server/service_host.h"
#include "libs/testing/subprocess.h"
#include "parcours/echo/v1/echo.grpc.pb.h"
#include "prometheus/registry.h"
#include "tools/echo/echo_service.h"

namespace parcours::client {
namespace {

using parcours::echo::v1::EchoRequest;
using parcours::echo::v1::EchoResponse;

// Echo that fails with UNAVAILABLE for the first `failures` calls, and reports metadata.
class FlakyEcho final : public parcours::echo::v1::Echo::Service {
 public:
  explicit FlakyEcho(int failures) : failures_(failures) {}
  grpc::Status Echo(grpc::ServerContext* ctx, const EchoRequest* req, EchoResponse* resp) override {
    calls_++;
    if (req->payload().rfind("sleep:", 0) == 0) return echo::EchoService().Echo(ctx, req, resp);
    if (calls_ <= failures_) return grpc::Status(grpc::StatusCode::UNAVAILABLE, "warming up");
    auto md = ctx->client_metadata();
    auto auth = md.find("authorization");
    auto purpose = md.find("x-parcours-purpose");
    resp->set_payload(absl::StrCat(
        auth == md.end() ? "" : std::string(auth->second.data(), auth->second.size()), "|",
        purpose == md.end() ? "" : std::string(purpose->second.data(), purpose->second.size())));
    return grpc::Status::OK;
  }
  std::atomic<int> calls_{0};

 private:
  int failures_;
};

struct Fixture {
  explicit Fixture(int failures) : echo(failures), host(server::ServerOptions{}) {
    host.AddService(&echo, parcours::echo::v1::Echo::service_full_name());
    EXPECT_TRUE(host.Start().ok());
    host.SetServing(true);
    channel = *MakeChannel(
        {.target = absl::StrCat("127.0.0.1:", host.grpc_port()), .metrics = &registry});
    stub = parcours::echo::v1::Echo::NewStub(channel);
  }
  FlakyEcho echo;
  server::ServiceHost host;
  prometheus::Registry registry;
  std::shared_ptr<grpc::Channel> channel;
  std::unique_ptr<parcours::echo::v1::Echo::Stub> stub;
};

TEST(Invoke, RetriesIdempotentCallsAndAttachesIdentity) {
  Fixture f(2);
  EchoResponse resp;
  absl::Status s =
      Invoke(CallPolicy{.idempotent = true}, {"tok", "suivi"},
             [&](grpc::ClientContext& ctx) { return f.stub->Echo(&ctx, EchoRequest(), &resp); });
  EXPECT_TRUE(s.ok()) << s;
  EXPECT_EQ(f.echo.calls_, 3);
  EXPECT_EQ(resp.payload(), "Bearer tok|suivi");

  // Client metrics count every attempt by code, with the go-grpc-prometheus names.
  std::map<std::string, double> handled;
  for (const auto& family : f.registry.Collect()) {
    if (family.name != "grpc_client_handled_total") continue;
    for (const auto& m : family.metric) {
      std::string code;
      for (const auto& l : m.label) {
        if (l.name == "grpc_code") code = l.value;
      }
      handled[code] = m.counter.value;
    }
  }
  EXPECT_EQ(handled["Unavailable"], 2);
  EXPECT_EQ(handled["OK"], 1);
}

TEST(Invoke, NeverRetriesNonIdempotentCalls) {
  Fixture f(1);
  EchoResponse resp;
  absl::Status s = Invoke(CallPolicy{.idempotent = false}, {}, [&](grpc::ClientContext& ctx) {
    return f.stub->Echo(&ctx, EchoRequest(), &resp);
  });
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(f.echo.calls_, 1);
}

TEST(Invoke, DeadlineBoundsASlowPeer) {
  Fixture f(0);
  EchoRequest req;
  req.set_payload("sleep:2000");
  EchoResponse resp;
  absl::Time start = absl::Now();
  absl::Status s = Invoke(CallPolicy{.deadline = absl::Milliseconds(200), .idempotent = true}, {},
                          [&](grpc::ClientContext& ctx) { return f.stub->Echo(&ctx, req, &resp); });
  EXPECT_EQ(s.code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_LT(absl::Now() - start, absl::Milliseconds(1000));
}

TEST(Invoke, DeadPeerGivesUnavailableWithinDeadline) {
  int port = testutil::FreeLoopbackPort();  // nothing listens there
  auto channel = *MakeChannel({.target = absl::StrCat("127.0.0.1:", port)});
  auto stub = parcours::echo::v1::Echo::NewStub(channel);
  EchoResponse resp;
  absl::Time start = absl::Now();
  absl::Status s =
      Invoke(CallPolicy{.deadline = absl::Milliseconds(500), .idempotent = true}, {},
             [&](grpc::ClientContext& ctx) { return stub->Echo(&ctx, EchoRequest(), &resp); });
  EXPECT_TRUE(s.code() == absl::StatusCode::kUnavailable ||
              s.code() == absl::StatusCode::kDeadlineExceeded)
      << s;
  EXPECT_LT(absl::Now() - start, absl::Milliseconds(1500));
}

// A channel carrying the identity attaches it to calls that bypass Invoke (streams such as
// FeedConsumer's), with metrics still counted.
TEST(Channel, CarriesIdentityOnEveryCall) {
  Fixture f(0);
  prometheus::Registry registry;
  auto channel = *MakeChannel({.target = absl::StrCat("127.0.0.1:", f.host.grpc_port()),
                               .metrics = &registry,
                               .identity = {.bearer_token = "svc", .purpose = "feed"}});
  auto stub = parcours::echo::v1::Echo::NewStub(channel);
  for (int i = 0; i < 2; ++i) {
    grpc::ClientContext ctx;
    EchoResponse resp;
    ASSERT_TRUE(stub->Echo(&ctx, EchoRequest(), &resp).ok());
    EXPECT_EQ(resp.payload(), "Bearer svc|feed");
  }
  bool counted = false;
  for (const auto& family : registry.Collect()) {
    if (family.name == "grpc_client_handled_total" && !family.metric.empty()) counted = true;
  }
  EXPECT_TRUE(counted);
  // Without an identity the channel adds nothing.
  grpc::ClientContext ctx;
  EchoResponse resp;
  ASSERT_TRUE(f.stub->Echo(&ctx, EchoRequest(), &resp).ok());
  EXPECT_EQ(resp.payload(), "|");
}

TEST(Backoff, GrowsAndIsCapped) {
  CallPolicy p;
  EXPECT_LE(Backoff(p, 2), p.initial_backoff);
  EXPECT_GE(Backoff(p, 2), p.initial_backoff / 2);
  EXPECT_LE(Backoff(p, 20), p.max_backoff);
  EXPECT_GE(Backoff(p, 20), p.max_backoff / 2);
}

}  // namespace
}  // namespace parcours::client
