// The load generator counts what it sends, in both modes, against a real echo server.
#include "tools/loadgen/load_generator.h"

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "libs/server/service_host.h"
#include "parcours/echo/v1/echo.grpc.pb.h"
#include "tools/echo/echo_service.h"

namespace parcours::loadgen {
namespace {

class EchoFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    server::ServerOptions options;
    options.metrics_address = "";
    host_ = std::make_unique<server::ServiceHost>(options);
    host_->AddService(&echo_, parcours::echo::v1::Echo::service_full_name());
    ASSERT_TRUE(host_->Start().ok());
    host_->SetServing(true);
  }
  LoadOptions Options() {
    LoadOptions o;
    o.target = absl::StrCat("127.0.0.1:", host_->grpc_port());
    o.method = "/parcours.echo.v1.Echo/Echo";
    parcours::echo::v1::EchoRequest req;
    req.set_payload("hi");
    o.requests = {req.SerializeAsString()};
    o.duration = absl::Milliseconds(500);
    o.warmup = absl::Milliseconds(100);
    return o;
  }
  echo::EchoService echo_;
  std::unique_ptr<server::ServiceHost> host_;
};

TEST_F(EchoFixture, ClosedLoopMeasuresSuccessfulCalls) {
  LoadOptions o = Options();
  o.concurrency = 4;
  LoadResult r = RunLoad(o);
  EXPECT_GT(r.ok, 10);
  EXPECT_EQ(r.failed, 0);
  EXPECT_GT(r.qps, 0);
  EXPECT_LE(r.p50_ms, r.p99_ms);
  EXPECT_LE(r.p99_ms, r.max_ms);
}

TEST_F(EchoFixture, FixedRateSendsOnSchedule) {
  LoadOptions o = Options();
  o.rate = 200;
  o.concurrency = 50;
  LoadResult r = RunLoad(o);
  // 200/s for 0.5 s measured: about 100 calls, none failed.
  EXPECT_GE(r.ok, 80);
  EXPECT_LE(r.ok, 120);
  EXPECT_EQ(r.failed, 0);
}

TEST_F(EchoFixture, UnknownMethodCountsAsFailures) {
  LoadOptions o = Options();
  o.method = "/parcours.echo.v1.Echo/Nope";
  o.concurrency = 2;
  LoadResult r = RunLoad(o);
  EXPECT_EQ(r.ok, 0);
  EXPECT_GT(r.failed, 0);
  EXPECT_GT(r.failures_by_code[grpc::StatusCode::UNIMPLEMENTED], 0);
}

}  // namespace
}  // namespace parcours::loadgen
