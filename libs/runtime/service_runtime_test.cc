// RunService end to end, with the real binary of a minimal service: NOT_SERVING while the
// database does not answer, SERVING once migrations ran, the feed and audit services
// beside the service's own, authentication on every call, --migrate-only, configuration
// errors, SIGTERM.
#include <signal.h>

#include <fstream>

#include "absl/strings/str_cat.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "libs/auth/token_verifier.h"
#include "libs/storage/database.h"
#include "libs/testing/status_matchers.h"
#include "libs/testing/subprocess.h"
#include "parcours/audit/v1/audit.grpc.pb.h"
#include "parcours/echo/v1/echo.grpc.pb.h"
#include "parcours/events/v1/events.grpc.pb.h"

namespace parcours::runtime {
namespace {

using grpc::health::v1::HealthCheckResponse;

class RuntimeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "/runtime_" + std::to_string(getpid());
    std::system(("mkdir -p " + dir_).c_str());
    tokens_ = dir_ + "/tokens.json";
    std::ofstream(tokens_) << absl::StrCat(
        R"([{"sha256":")", auth::Sha256Hex("admin-token"),
        R"(","subject":"admin","roles":["admin"]},)", R"({"sha256":")",
        auth::Sha256Hex("eval-token"),
        R"(","subject":"evaluation","roles":["service:evaluation"]}])");
  }
  void TearDown() override { std::system(("rm -rf " + dir_).c_str()); }

  std::unique_ptr<testutil::Subprocess> Start(std::vector<std::string> args) {
    std::vector<std::string> argv = {PARCOURS_BIN_RUNTIME_TEST_SERVER,
                                     "--grpc-address=127.0.0.1:0", "--metrics-address="};
    for (auto& a : args) argv.push_back(a);
    auto p = std::make_unique<testutil::Subprocess>(
        argv, std::map<std::string, std::string>{{"AUTH_TOKENS_FILE", tokens_}});
    EXPECT_OK(p->Start());
    return p;
  }

  static int PortOf(testutil::Subprocess& p) {
    auto line = p.WaitForLine("\"listening\"", absl::Seconds(20));
    return line ? testutil::JsonIntField(*line, "grpc_port") : -1;
  }

  static int Health(int port, const std::string& service) {
    auto stub = grpc::health::v1::Health::NewStub(grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials()));
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
    grpc::health::v1::HealthCheckRequest req;
    req.set_service(service);
    HealthCheckResponse resp;
    return stub->Check(&ctx, req, &resp).ok() ? resp.status() : -1;
  }

  std::string dir_;
  std::string tokens_;
};

TEST_F(RuntimeTest, ServesWithFeedAndAuditOnceMigrated) {
  auto server = Start({"--database-url=sqlite://" + dir_ + "/rt.db"});
  int port = PortOf(*server);
  ASSERT_GT(port, 0);
  ASSERT_TRUE(server->WaitForLine("\"serving\"", absl::Seconds(20)).has_value());
  EXPECT_EQ(Health(port, ""), HealthCheckResponse::SERVING);
  EXPECT_EQ(Health(port, "parcours.events.v1.EventFeed"), HealthCheckResponse::SERVING);

  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", port),
                                     grpc::InsecureChannelCredentials());
  auto call_echo = [&](const std::string& token) {
    grpc::ClientContext ctx;
    if (!token.empty()) ctx.AddMetadata("authorization", "Bearer " + token);
    parcours::echo::v1::EchoResponse resp;
    return parcours::echo::v1::Echo::NewStub(channel)->Echo(&ctx, {}, &resp).error_code();
  };
  EXPECT_EQ(call_echo("admin-token"), grpc::StatusCode::OK);
  EXPECT_EQ(call_echo(""), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(call_echo("eval-token"), grpc::StatusCode::PERMISSION_DENIED);

  {  // The feed is served, to evaluation's identity.
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", "Bearer eval-token");
    parcours::events::v1::FeedHead head;
    EXPECT_TRUE(
        parcours::events::v1::EventFeed::NewStub(channel)->GetFeedHead(&ctx, {}, &head).ok());
    EXPECT_EQ(head.last_sequence(), 0);
  }
  {  // The audit log is the DPO's only.
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", "Bearer admin-token");
    parcours::audit::v1::ListAuditRecordsResponse resp;
    EXPECT_EQ(parcours::audit::v1::AuditLog::NewStub(channel)
                  ->ListAuditRecords(&ctx, {}, &resp)
                  .error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
  server->Signal(SIGTERM);
  EXPECT_EQ(server->Wait(absl::Seconds(15)), 0);

  // Every migration set was applied: the service's, the outbox's and the audit log's.
  storage::DatabaseOptions o;
  o.url = "sqlite://" + dir_ + "/rt.db";
  ASSERT_OK_AND_ASSIGN(auto db, storage::OpenDatabase(o));
  ASSERT_OK_AND_ASSIGN(auto tx, db->Begin(storage::TxMode::kRead));
  ASSERT_OK_AND_ASSIGN(auto rs, tx->Query("SELECT version FROM schema_migrations ORDER BY version"));
  std::vector<int64_t> versions;
  for (const auto& r : rs.rows) versions.push_back(r.Int(0));
  EXPECT_EQ(versions.front(), 1);
  EXPECT_NE(std::find(versions.begin(), versions.end(), 9001), versions.end());
  EXPECT_NE(std::find(versions.begin(), versions.end(), 9101), versions.end());
}

TEST_F(RuntimeTest, NotServingWhileTheDatabaseDoesNotAnswer) {
  int dead_port = testutil::FreeLoopbackPort();
  auto server = Start({absl::StrCat("--database-url=postgresql://postgres@127.0.0.1:", dead_port,
                                    "/postgres?connect_timeout=1")});
  int port = PortOf(*server);
  ASSERT_GT(port, 0);
  absl::SleepFor(absl::Seconds(1));
  EXPECT_EQ(Health(port, ""), HealthCheckResponse::NOT_SERVING);
  EXPECT_EQ(Health(port, "liveness"), HealthCheckResponse::SERVING);
  server->Signal(SIGTERM);
  EXPECT_EQ(server->Wait(absl::Seconds(15)), 0);
}

TEST_F(RuntimeTest, MigrateOnlyAppliesAndExits) {
  auto server = Start({"--database-url=sqlite://" + dir_ + "/m.db", "--migrate-only"});
  EXPECT_EQ(server->Wait(absl::Seconds(20)), 0);
  EXPECT_TRUE(server->WaitForLine("migrations applied", absl::Seconds(1)).has_value());
}

TEST_F(RuntimeTest, BadConfigurationStopsTheStartNamingTheSetting) {
  auto server = Start({"--database-url=sqlite://" + dir_ + "/b.db", "--drain-deadline=soon",
                       "--no-such-flag=1"});
  EXPECT_EQ(server->Wait(absl::Seconds(20)), 2);
  auto line = server->WaitForLine("configuration", absl::Seconds(1));
  ASSERT_TRUE(line.has_value());
  EXPECT_NE(line->find("DRAIN_DEADLINE"), std::string::npos);
  EXPECT_NE(line->find("--no-such-flag"), std::string::npos);
}

}  // namespace
}  // namespace parcours::runtime
