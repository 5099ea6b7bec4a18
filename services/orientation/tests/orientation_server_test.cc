// The real orientation_server binary (on libs/runtime): starts on a fresh SQLite file with
// a token file, applies its migrations, answers an RPC, its event feed and the audit log
// (which holds a record of that RPC), and stops cleanly on SIGTERM; `--migrate-only`
// migrates and exits; a missing required setting stops the start with a message naming it.
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "libs/auth/token_verifier.h"
#include "libs/common/ids.h"
#include "libs/testing/subprocess.h"
#include "parcours/audit/v1/audit.grpc.pb.h"
#include "parcours/events/v1/events.grpc.pb.h"
#include "parcours/orientation/v1/orientation.grpc.pb.h"

namespace parcours::orientation {
namespace {

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = absl::StrCat(std::filesystem::temp_directory_path().string(), "/", NewId("orient"));
    std::filesystem::create_directories(dir_);
    std::ofstream(dir_ + "/tokens.json")
        << R"([{"sha256": ")" << auth::Sha256Hex("admin-token")
        << R"(", "subject": "admin", "roles": ["admin"], "territories": ["*"]},)"
        << R"({"sha256": ")" << auth::Sha256Hex("dpo-token")
        << R"(", "subject": "dpo", "roles": ["dpo"], "territories": ["*"]}])";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string dir_;
};

TEST_F(ServerTest, StartsServesAndStopsCleanly) {
  testutil::Subprocess server(
      {PARCOURS_BIN_ORIENTATION_SERVER, "--grpc-address=127.0.0.1:0", "--metrics-address="},
      {{"DATABASE_URL", absl::StrCat("sqlite://", dir_, "/orientation.db")},
       {"AUTH_TOKENS_FILE", dir_ + "/tokens.json"}});
  ASSERT_TRUE(server.Start().ok());
  std::optional<std::string> ready = server.WaitForLine("orientation ready", absl::Seconds(30));
  ASSERT_TRUE(ready.has_value()) << "server did not start";
  const int port = testutil::JsonIntField(*ready, "grpc_port");
  ASSERT_GT(port, 0);
  EXPECT_EQ(testutil::JsonIntField(*ready, "communes"), 194);

  auto channel =
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials());
  auto stub = v1::Orientation::NewStub(channel);
  grpc::ClientContext ctx;
  ctx.AddMetadata("authorization", "Bearer admin-token");
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  v1::GetQueueCountsRequest req;
  v1::GetQueueCountsResponse resp;
  grpc::Status s = stub->GetQueueCounts(&ctx, req, &resp);
  EXPECT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(resp.not_oriented_after_days(), 30);

  auto feed = events::v1::EventFeed::NewStub(channel);
  grpc::ClientContext fctx;
  fctx.AddMetadata("authorization", "Bearer admin-token");
  fctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  events::v1::FeedHead head;
  grpc::Status fs = feed->GetFeedHead(&fctx, events::v1::GetFeedHeadRequest(), &head);
  EXPECT_TRUE(fs.ok()) << fs.error_message();
  EXPECT_EQ(head.source(), "orientation");

  // A personal-data read is in the audit log, which the DPO reads from the same server.
  grpc::ClientContext bctx;
  bctx.AddMetadata("authorization", "Bearer admin-token");
  bctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  v1::GetBeneficiaryRequest breq;
  const std::string unknown = NewId("ben");
  breq.set_id(unknown);
  v1::Beneficiary ben;
  EXPECT_EQ(stub->GetBeneficiary(&bctx, breq, &ben).error_code(), grpc::StatusCode::NOT_FOUND);
  auto audit = audit::v1::AuditLog::NewStub(channel);
  grpc::ClientContext actx;
  actx.AddMetadata("authorization", "Bearer dpo-token");
  actx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  audit::v1::ListAuditRecordsRequest areq;
  areq.set_record_type("beneficiary");
  audit::v1::ListAuditRecordsResponse aresp;
  grpc::Status as = audit->ListAuditRecords(&actx, areq, &aresp);
  ASSERT_TRUE(as.ok()) << as.error_message();
  ASSERT_EQ(aresp.records_size(), 1);
  EXPECT_EQ(aresp.records(0).subject(), "admin");
  EXPECT_EQ(aresp.records(0).record_id(), unknown);

  server.Signal(SIGTERM);
  EXPECT_EQ(server.Wait(absl::Seconds(20)), 0);
}

TEST_F(ServerTest, MissingTokenFileStopsTheStart) {
  testutil::Subprocess server({PARCOURS_BIN_ORIENTATION_SERVER, "--grpc-address=127.0.0.1:0"},
                              {{"DATABASE_URL", absl::StrCat("sqlite://", dir_, "/o.db")}});
  ASSERT_TRUE(server.Start().ok());
  EXPECT_TRUE(server.WaitForLine("AUTH_TOKENS_FILE", absl::Seconds(20)).has_value());
  EXPECT_EQ(server.Wait(absl::Seconds(20)), 2);  // bad configuration
}

TEST_F(ServerTest, MigrateOnlyAppliesTheSchemaAndExits) {
  const std::string db = absl::StrCat(dir_, "/migrated.db");
  testutil::Subprocess job({PARCOURS_BIN_ORIENTATION_SERVER, "--migrate-only"},
                           {{"DATABASE_URL", absl::StrCat("sqlite://", db)}});
  ASSERT_TRUE(job.Start().ok());
  EXPECT_TRUE(job.WaitForLine("migrations applied", absl::Seconds(30)).has_value());
  EXPECT_EQ(job.Wait(absl::Seconds(20)), 0);
  EXPECT_TRUE(std::filesystem::exists(db));
}

}  // namespace
}  // namespace parcours::orientation
