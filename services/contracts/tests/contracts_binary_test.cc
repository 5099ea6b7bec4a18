// The real contracts_server binary with its peers down (ORIENTATION_ADDR and
// CATALOGUE_ADDR point where nothing listens): it starts and serves; a call that needs
// orientation fails with UNAVAILABLE well within its deadline and writes nothing; calls
// that need no peer (list, queues, the job) work; SIGTERM stops it cleanly.
#include <signal.h>

#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "libs/auth/token_verifier.h"
#include "libs/testing/status_matchers.h"
#include "libs/testing/subprocess.h"
#include "parcours/contracts/v1/contracts.grpc.pb.h"

namespace parcours::contracts {
namespace {

TEST(ContractsBinaryTest, PeersDownOnlyPeerCallsFail) {
  const std::string dir = ::testing::TempDir() + "/contracts_bin_" + std::to_string(getpid());
  std::system(("mkdir -p " + dir).c_str());
  const std::string tokens = dir + "/tokens.json";
  std::ofstream(tokens) << absl::StrCat(
      R"([{"sha256":")", auth::Sha256Hex("admin-token"),
      R"(","subject":"admin","roles":["admin"],"territories":["*"]}])");
  const int nowhere = testutil::FreeLoopbackPort();
  testutil::Subprocess server(
      {PARCOURS_BIN_CONTRACTS_SERVER, "--grpc-address=127.0.0.1:0", "--metrics-address=",
       "--database-url=sqlite://" + dir + "/contracts.db"},
      {{"AUTH_TOKENS_FILE", tokens},
       {"ORIENTATION_ADDR", absl::StrCat("127.0.0.1:", nowhere)},
       {"CATALOGUE_ADDR", absl::StrCat("127.0.0.1:", nowhere)}});
  ASSERT_OK(server.Start());
  std::optional<std::string> listening = server.WaitForLine("\"listening\"", absl::Seconds(20));
  ASSERT_TRUE(listening.has_value());
  const int port = testutil::JsonIntField(*listening, "grpc_port");
  ASSERT_TRUE(server.WaitForLine("\"serving\"", absl::Seconds(20)).has_value());

  auto stub = v1::Contracts::NewStub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials()));
  auto context = [](grpc::ClientContext& ctx) {
    ctx.AddMetadata("authorization", "Bearer admin-token");
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(3));
  };
  v1::CreateContractRequest create;
  create.set_request_id("req-1");
  v1::Contract* c = create.mutable_contract();
  c->set_beneficiary_id("ben_1");
  c->set_kind(v1::CER_SOCIAL);
  c->mutable_start_date()->set_year(2024);
  c->mutable_start_date()->set_month(2);
  c->mutable_start_date()->set_day(1);
  c->mutable_end_date()->set_year(2024);
  c->mutable_end_date()->set_month(7);
  c->mutable_end_date()->set_day(31);
  c->set_insertion_project("projet");
  v1::Contract out;
  {
    grpc::ClientContext ctx;
    context(ctx);
    const absl::Time start = absl::Now();
    grpc::Status s = stub->CreateContract(&ctx, create, &out);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE) << s.error_message();
    EXPECT_LT(absl::Now() - start, absl::Seconds(3));
  }
  {
    v1::ListContractsResponse list;
    grpc::ClientContext ctx;
    context(ctx);
    ASSERT_TRUE(stub->ListContracts(&ctx, v1::ListContractsRequest(), &list).ok());
    EXPECT_EQ(list.contracts_size(), 0);  // the failed create wrote nothing
  }
  {
    v1::RunDeadlineJobResponse r;
    grpc::ClientContext ctx;
    context(ctx);
    EXPECT_TRUE(stub->RunDeadlineJob(&ctx, v1::RunDeadlineJobRequest(), &r).ok());
  }
  {
    v1::ListOverdueResponse r;
    grpc::ClientContext ctx;
    context(ctx);
    EXPECT_TRUE(stub->ListOverdue(&ctx, v1::ListOverdueRequest(), &r).ok());
  }
  server.Signal(SIGTERM);
  EXPECT_EQ(server.Wait(absl::Seconds(20)), 0);
  std::system(("rm -rf " + dir).c_str());
}

}  // namespace
}  // namespace parcours::contracts
